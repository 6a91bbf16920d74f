package dev.nicpin.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Paths;

/**
 * Whether the rules path is one this JVM can open and its log can show. Checked with the rest of
 * the configuration, so that a path that could never be read is reported as a bad value, not as
 * a fault of the agent when it goes to read it.
 */
final class RulesPath {
    /** Linux's PATH_MAX less the terminating NUL: open() refuses a longer path (ENAMETOOLONG). */
    private static final int MAX_BYTES = 4095;

    private RulesPath() {
    }

    /** What is wrong with the path, or null. */
    static String problem(String path) {
        int bytes = path.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_BYTES) {
            return "expected a path of at most " + MAX_BYTES + " bytes, found " + bytes + " bytes";
        }
        for (int i = 0; i < path.length(); ) {
            int c = path.codePointAt(i);
            i += Character.charCount(c);
            // A lone surrogate is left to the encoder below, whose refusal says why such a path cannot be opened.
            if (!Shown.printable(c) && Character.getType(c) != Character.SURROGATE) {
                return String.format("expected a path of printable characters, found U+%04X", c);
            }
        }
        try {
            Paths.get(path);
            return null;
        } catch (InvalidPathException e) {
            // On Linux the only reason left: a character the locale's encoding has no bytes for (LANG=C and a non-ASCII name).
            return "expected a path in this JVM's file name encoding, " + System.getProperty("sun.jnu.encoding")
                    + " (the locale's: LANG, LC_ALL)";
        }
    }
}
