package dev.nicpin.it;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Rule files for one test run; single files are deleted when the test JVM exits, directories left in the temporary directory. */
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
         * Holds whoever opens the pipe to read it for {@code delay}, counted from that open, then
         * hands it the lines; in a daemon thread: should nobody ever read them, it blocks without
         * holding up the test JVM.
         */
        void release(Duration delay) {
            Thread writer = new Thread(() -> {
                try (OutputStream out = new FileOutputStream(path.toFile())) { // blocks until a reader opens it
                    Thread.sleep(delay.toMillis());
                    out.write(text.getBytes(StandardCharsets.UTF_8));
                } catch (IOException | InterruptedException e) {
                    throw new IllegalStateException("cannot write the held rule file " + path, e);
                }
            }, "held-rule-file");
            writer.setDaemon(true);
            writer.start();
        }
    }

    /**
     * A rule file alone in a directory of its own, which {@link Replaceable#replace} replaces as
     * editors and deployment tools do: a new file renamed over the old one.
     */
    static Replaceable replaceable(String... lines) {
        Path directory = readableDirectory();
        Replaceable file = new Replaceable(directory.resolve("rules.conf"));
        file.replace(lines);
        return file;
    }

    /** A rule file that can be replaced atomically, by rename. */
    record Replaceable(Path path) {
        void replace(String... lines) {
            try {
                Path next = Files.createTempFile(path.getParent(), ".rules.conf.", ".new");
                Files.write(next, List.of(lines));
                Files.setPosixFilePermissions(next, PosixFilePermissions.fromString("rw-r--r--"));
                Files.move(next, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot replace " + path, e);
            }
        }
    }

    /**
     * A rule file as a Kubernetes ConfigMap volume holds it: {@code rules.conf} is a symlink to
     * {@code ..data/rules.conf}, and {@code ..data} a symlink to a timestamped directory, which
     * {@link ConfigMap#update} replaces as the kubelet does.
     */
    static ConfigMap configMap(String... lines) {
        try {
            ConfigMap map = new ConfigMap(readableDirectory());
            Path first = map.version(lines);
            Files.createSymbolicLink(map.mount.resolve("..data"), first.getFileName());
            Files.createSymbolicLink(map.path(), Path.of("..data/rules.conf"));
            return map;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a ConfigMap volume", e);
        }
    }

    /** A ConfigMap volume holding one key, rules.conf. */
    static final class ConfigMap {
        private final Path mount;
        private int versions;

        private ConfigMap(Path mount) {
            this.mount = mount;
        }

        Path path() {
            return mount.resolve("rules.conf");
        }

        /** The kubelet's atomic update: a new directory, a {@code ..data_tmp} link to it renamed over {@code ..data}, the old one deleted. */
        void update(String... lines) {
            try {
                Path old = mount.resolve(Files.readSymbolicLink(mount.resolve("..data")));
                Path next = version(lines);
                Path link = Files.createSymbolicLink(mount.resolve("..data_tmp"), next.getFileName());
                Files.move(link, mount.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
                Files.delete(old.resolve("rules.conf"));
                Files.delete(old);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot update the ConfigMap volume " + mount, e);
            }
        }

        private Path version(String... lines) throws IOException {
            Path directory = mount.resolve("..2026_11_21_10_00_00." + ++versions);
            Files.createDirectory(directory);
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
            Path file = Files.write(directory.resolve("rules.conf"), List.of(lines));
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
            return directory;
        }
    }

    private static Path readableDirectory() {
        try {
            Path directory = Files.createTempDirectory("nicpin-it-");
            return Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxr-xr-x"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a directory for rule files", e);
        }
    }
}
