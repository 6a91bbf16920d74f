package dev.nicpin.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

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
}
