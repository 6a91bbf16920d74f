package dev.nicpin.rules;

/** Renders the "found ..." part of an error message: what the user wrote, kept readable. */
final class Found {
    private static final int MAX_CODE_POINTS = 60;

    private Found() {
    }

    /** The text, or {@code nothing} when empty; long text is cut (a line may hold 4096 bytes). */
    static String text(String text) {
        if (text.isEmpty()) {
            return "nothing";
        }
        if (text.codePointCount(0, text.length()) <= MAX_CODE_POINTS) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, MAX_CODE_POINTS - 3)) + "...";
    }
}
