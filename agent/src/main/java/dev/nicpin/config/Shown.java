package dev.nicpin.config;

import java.util.Locale;

/**
 * A configured name or value as an error message shows it: what the user gave, but never a
 * character that could end or forge a log line or drive a terminal, and never all of a huge value.
 */
final class Shown {
    /** As the rule file's messages cut what they found. */
    private static final int MAX_CODE_POINTS = 60;

    private Shown() {
    }

    /** Control, format and line-separating characters and lone surrogates as {@code \}{@code uXXXX}; long text cut. */
    static String text(String text) {
        int length = text.codePointCount(0, text.length());
        int shown = length <= MAX_CODE_POINTS ? length : MAX_CODE_POINTS - 3;
        StringBuilder out = new StringBuilder();
        for (int i = 0, n = 0; n < shown; n++) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (printable(c)) {
                out.appendCodePoint(c);
            } else {
                for (char unit : Character.toChars(c)) { // beyond U+FFFF, as Java writes it: two units
                    // Not String.format: a million of these (garbage input) would take seconds.
                    String hex = Integer.toHexString(unit).toUpperCase(Locale.ROOT);
                    out.append("\\u0000", 0, 6 - hex.length()).append(hex);
                }
            }
        }
        return shown == length ? out.toString() : out.append("... (").append(length).append(" characters)").toString();
    }

    /** False for what {@link #text} escapes. */
    static boolean printable(int c) {
        switch (Character.getType(c)) {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
            case Character.SURROGATE:
                return false;
            default:
                return true;
        }
    }
}
