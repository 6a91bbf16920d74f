package dev.nicpin.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A JVM that {@link JvmRunner} started in the background, for a test that acts on it while it
 * runs, such as attaching the agent to it. Its output goes to files, as {@link Processes#run}'s
 * does, which the awaits read every {@value #POLL_MILLIS} ms. Stop it, or close it, when done:
 *
 * <pre>{@code
 * try (RunningJvm app = jvm.startMain(TestApps.classpath(), ConnectLoop.class.getName(), host, port)) {
 *     app.awaitStdout(line -> line.startsWith("seen-from "), 3, Duration.ofSeconds(10));
 * }
 * }</pre>
 */
public final class RunningJvm implements AutoCloseable {
    private static final long POLL_MILLIS = 20;
    /** How long {@link #stop()} gives the JVM to end on SIGTERM (its shutdown hooks run) before it kills it. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    private final List<String> command;
    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final long started = System.nanoTime();
    private ProcessResult stopped;

    private RunningJvm(List<String> command, Process process, Path stdout, Path stderr) {
        this.command = command;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    static RunningJvm start(List<String> command, Map<String, String> environment) {
        try {
            Path stdout = Files.createTempFile("nicpin-it-", ".out");
            Path stderr = Files.createTempFile("nicpin-it-", ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectOutput(stdout.toFile())
                    .redirectError(stderr.toFile());
            builder.environment().putAll(environment);
            try {
                return new RunningJvm(command, builder.start(), stdout, stderr);
            } catch (IOException e) {
                Files.deleteIfExists(stdout);
                Files.deleteIfExists(stderr);
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + command, e);
        }
    }

    /**
     * The JVM's process id: the process started is the JVM itself, because {@code ip netns exec},
     * {@code setpriv} and a {@link HardenedHost}'s setup exec what they run in their own place (for
     * a moment after the start, the process may still be one of them).
     */
    public long pid() {
        return process.pid();
    }

    /**
     * Waits until the agent in this JVM watches its rules file (an inotify descriptor): its late
     * start, which also registers its MBean, is then behind it, and the thread and descriptors it
     * adds once are there, before a test counts them.
     */
    public void awaitRulesWatch(Duration timeout) {
        Path fds = Path.of("/proc", String.valueOf(pid()), "fd");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!watching(fds)) {
            if (!Files.isDirectory(fds) || System.nanoTime() - deadline > 0) {
                throw new AssertionError("the agent did not start watching its rules file\n" + stop().describe());
            }
            pause();
        }
    }

    private static boolean watching(Path fds) {
        try (Stream<Path> open = Files.list(fds)) {
            return open.anyMatch(fd -> {
                try {
                    return Files.readSymbolicLink(fd).toString().equals("anon_inode:inotify");
                } catch (IOException closedMeanwhile) {
                    return false;
                }
            });
        } catch (IOException exited) {
            return false;
        }
    }

    /** All the JVM printed on standard output so far. */
    public String stdout() {
        return stopped != null ? stopped.stdout() : read(stdout);
    }

    /** How many whole lines the JVM printed on standard output so far (not one it is still writing). */
    public int stdoutLineCount() {
        String text = stdout();
        return (int) text.substring(0, text.lastIndexOf('\n') + 1).lines().count();
    }

    /** All the JVM printed on standard error so far. */
    public String stderr() {
        return stopped != null ? stopped.stderr() : read(stderr);
    }

    /** The first line of standard output that matches, as {@link #awaitStdout(Predicate, int, Duration)} awaits it. */
    public String awaitStdout(Predicate<String> line, Duration timeout) {
        return await("stdout", this::stdout, line, 1, timeout).get(0);
    }

    /**
     * The lines of standard output that match, all so far, once there are at least {@code count}.
     * Only complete lines count while the JVM runs: a line being written is not one yet.
     *
     * @throws AssertionError quoting all the JVM printed, if it exits or the time runs out first
     */
    public List<String> awaitStdout(Predicate<String> line, int count, Duration timeout) {
        return await("stdout", this::stdout, line, count, timeout);
    }

    /** As {@link #awaitStdout(Predicate, Duration)}, on standard error. */
    public String awaitStderr(Predicate<String> line, Duration timeout) {
        return await("stderr", this::stderr, line, 1, timeout).get(0);
    }

    /** As {@link #awaitStdout(Predicate, int, Duration)}, on standard error. */
    public List<String> awaitStderr(Predicate<String> line, int count, Duration timeout) {
        return await("stderr", this::stderr, line, count, timeout);
    }

    /**
     * Ends the JVM (SIGTERM, on which a JVM runs its shutdown hooks and exits 143; SIGKILL if it
     * has not ended after {@link #STOP_TIMEOUT}), deletes its output files and returns how it
     * ended with all it printed; once stopped, the same again.
     */
    public ProcessResult stop() {
        if (stopped != null) {
            return stopped;
        }
        try {
            process.destroy();
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
            }
            stopped = new ProcessResult(command, process.exitValue(), false, elapsed(), read(stdout), read(stderr));
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
            return stopped;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted stopping " + command, e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    private List<String> await(String stream, Supplier<String> output, Predicate<String> line, int count,
                               Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            boolean exited = !process.isAlive();   // asked first: then the output read next is all there is
            String text = output.get();
            String complete = exited ? text : text.substring(0, text.lastIndexOf('\n') + 1);
            List<String> matching = complete.lines().filter(line).toList();
            if (matching.size() >= count) {
                return matching;
            }
            if (exited || System.nanoTime() - deadline > 0) {
                throw new AssertionError("awaited " + count + " matching line(s) of " + stream + "; found "
                        + matching.size() + (exited ? " before the JVM exited" : " in " + timeout.toMillis() + " ms")
                        + "\n" + describe());
            }
            pause();
        }
    }

    private void pause() {
        try {
            Thread.sleep(POLL_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted waiting on " + command, e);
        }
    }

    /** The whole story so far, for an assertion message. */
    private String describe() {
        String state = process.isAlive() ? "still running" : "exit " + process.exitValue();
        return String.join(" ", command) + "\n" + state + " after " + elapsed().toMillis() + " ms"
                + "\n--- stdout\n" + stdout() + "--- stderr\n" + stderr() + "---";
    }

    private Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** Not {@link Files#readString}: that throws on a character the JVM has only half written yet. */
    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
