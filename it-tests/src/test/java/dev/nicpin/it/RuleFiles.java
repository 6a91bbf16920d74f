package dev.nicpin.it;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Rule files for one test run, deleted when the test JVM exits. */
final class RuleFiles {

    private RuleFiles() {
    }

    /** Writes the lines to a new file that every user can read: some client JVMs run unprivileged. */
    static Path write(String... lines) {
        try {
            Path file = Files.createTempFile("nicpin-it-", ".conf");
            file.toFile().deleteOnExit();
            Files.write(file, List.of(lines));
            // Set after creation: creating with these permissions would still be subject to the umask.
            return Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a rule file", e);
        }
    }

    /**
     * A rule file that holds up whoever reads it: a named pipe, which the agent's open blocks on
     * until {@link Held#release} writes the lines. Never released, it keeps the agent from ever
     * finishing its start.
     */
    static Held held(String... lines) {
        try {
            Path directory = Files.createTempDirectory("nicpin-it-");
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path fifo = directory.resolve("rules.conf");
            Process mkfifo = new ProcessBuilder("mkfifo", "-m", "644", fifo.toString()).inheritIO().start();
            if (!mkfifo.waitFor(10, TimeUnit.SECONDS) || mkfifo.exitValue() != 0) {
                throw new IllegalStateException("mkfifo " + fifo + " failed");
            }
            fifo.toFile().deleteOnExit();
            directory.toFile().deleteOnExit();
            return new Held(fifo, String.join("\n", lines) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a named pipe", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A rule file on a named pipe; its lines are written when released. */
    record Held(Path path, String text) {

        /**
         * After {@code delay}, hands the lines to whoever opens the pipe to read it, in a daemon
         * thread: should nobody ever read them, it blocks without holding up the test JVM.
         */
        void release(Duration delay) {
            Thread writer = new Thread(() -> {
                try {
                    Thread.sleep(delay.toMillis());
                    try (OutputStream out = new FileOutputStream(path.toFile())) { // blocks until a reader opens it
                        out.write(text.getBytes(StandardCharsets.UTF_8));
                    }
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException("cannot write the held rule file " + path, e);
                }
            }, "held-rule-file");
            writer.setDaemon(true);
            writer.start();
        }
    }
}
