package dev.nicpin.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

/**
 * The standard error of a client JVM that runs nicpin beside other agents or libraries that
 * print lines of their own: nicpin's lines apart from theirs.
 */
final class SharedStderr {
    /**
     * HotSpot's (9 and later), when an agent appends a jar to the bootstrap class path, as the
     * OpenTelemetry agent and Mockito's inline mock maker do; nicpin does not (NoJvmWarningsTest).
     */
    static final String CDS_OFF = "OpenJDK 64-Bit Server VM warning: Sharing is only supported for boot loader"
            + " classes because bootstrap classpath has been appended";

    private SharedStderr() {
    }

    /** nicpin's only line is its start-up line, with {@code rules}: it found nothing to warn about. */
    static void assertNicpinOnlyStarted(ProcessResult run, Path rules) {
        List<String> nicpin = run.stderrLines().stream().filter(SharedStderr::isNicpins).toList();
        assertEquals(1, nicpin.size(), () -> "nicpin's start-up line alone\n" + run.describe());
        assertTrue(nicpin.get(0).contains(" from " + rules + ",") && nicpin.get(0).contains("hooks in place: "),
                () -> "not nicpin's start-up line: " + nicpin.get(0) + "\n" + run.describe());
    }

    /** The lines that are not nicpin's. */
    static List<String> others(ProcessResult run) {
        return run.stderrLines().stream().filter(line -> !isNicpins(line)).toList();
    }

    private static boolean isNicpins(String line) {
        return line.startsWith("[nicpin] ");
    }
}
