package dev.nicpin.it;

import java.time.Duration;
import java.util.List;

/** How a finished (or abandoned) process ended, and everything it printed. */
public record ProcessResult(List<String> command, int exitCode, boolean timedOut, Duration elapsed,
                            String stdout, String stderr) {

    /** The whole story, for an assertion message. */
    public String describe() {
        return String.join(" ", command) + "\n"
                + (timedOut ? "TIMED OUT after " + elapsed.toMillis() + " ms" : "exit " + exitCode + " after "
                + elapsed.toMillis() + " ms")
                + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr + "---";
    }
}
