package dev.nicpin.it;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/** How a finished (or abandoned) process ended, and everything it printed. */
public record ProcessResult(List<String> command, int exitCode, boolean timedOut, Duration elapsed,
                            String stdout, String stderr) {

    /** The lines of standard error that are not blank. */
    public List<String> stderrLines() {
        return stderr.lines().filter(Predicate.not(String::isBlank)).toList();
    }

    /** The whole story, for an assertion message. */
    public String describe() {
        return String.join(" ", command) + "\n"
                + (timedOut ? "TIMED OUT after " + elapsed.toMillis() + " ms" : "exit " + exitCode + " after "
                + elapsed.toMillis() + " ms")
                + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr + "---";
    }
}
