package dev.nicpin.it;

import dev.nicpin.lab.LabServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** The {@link LabServer} of one lab, started through {@code lab.sh serve} on the test's JDK. */
final class LabServerProcess {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final String lab;
    private Process process;
    private Path output;

    LabServerProcess(String lab) {
        this.lab = lab;
    }

    /** Starts the server and waits for its ready line. */
    synchronized void start() {
        try {
            output = Files.createTempFile("nicpin-lab-server-", ".log");
            ProcessBuilder builder = new ProcessBuilder(Build.labScript().toString(), "serve", lab, Build.labClasspath())
                    .redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().put("JAVA_HOME", Build.testJavaHome().toString());
            process = builder.start();
            long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
            while (!Files.readString(output).contains(LabServer.READY)) {
                if (!process.isAlive() || System.nanoTime() > deadline) {
                    throw new IllegalStateException("the lab server did not get ready: " + Files.readString(output));
                }
                Thread.sleep(20);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the lab server", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted starting the lab server", e);
        }
    }

    /** The server's process, while it runs. */
    synchronized ProcessHandle handle() {
        if (process == null) {
            throw new IllegalStateException("the lab server was not started");
        }
        return process.toHandle();
    }

    /** Kills the server: deleting its namespace would not. */
    synchronized void stop() {
        if (process == null) {
            return;
        }
        try {
            process.destroyForcibly().waitFor();
            Files.deleteIfExists(output);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            process = null;
        }
    }
}
