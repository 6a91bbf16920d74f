package dev.nicpin.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a command to completion within a time limit, capturing its output. */
final class Processes {

    private Processes() {
    }

    static ProcessResult run(List<String> command, Map<String, String> environment, Duration timeout) {
        try {
            // Files, not pipes: a chatty process can never block on a full pipe nobody reads.
            Path stdout = Files.createTempFile("nicpin-it-", ".out");
            Path stderr = Files.createTempFile("nicpin-it-", ".err");
            try {
                ProcessBuilder builder = new ProcessBuilder(command)
                        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                        .redirectOutput(stdout.toFile())
                        .redirectError(stderr.toFile());
                builder.environment().putAll(environment);
                long start = System.nanoTime();
                Process process = builder.start();
                boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (!finished) {
                    process.destroyForcibly().waitFor();
                }
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                return new ProcessResult(command, finished ? process.exitValue() : -1, !finished, elapsed,
                        Files.readString(stdout), Files.readString(stderr));
            } finally {
                Files.deleteIfExists(stdout);
                Files.deleteIfExists(stderr);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }

    /** Runs the command and returns its standard output; throws, with all it printed, unless it exits 0. */
    static String output(List<String> command, Duration timeout) {
        ProcessResult result = run(command, Map.of(), timeout);
        if (result.timedOut() || result.exitCode() != 0) {
            throw new IllegalStateException("command failed: " + result.describe());
        }
        return result.stdout();
    }
}
