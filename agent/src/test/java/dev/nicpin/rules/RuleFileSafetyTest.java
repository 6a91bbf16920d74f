package dev.nicpin.rules;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleFileSafetyTest {
    @TempDir
    Path directory;

    private Path file(Path in, String permissions) throws Exception {
        Path file = Files.write(in.resolve("rules.conf"), List.of("10.0.0.0/8 dev=eth1"));
        return Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(permissions));
    }

    private static List<String> problems(Path file) {
        RuleFileException e = assertThrows(RuleFileException.class, () -> RuleFileSafety.check(file));
        return e.errors().stream().map(RuleError::toString).collect(Collectors.toList());
    }

    @Test
    void aFileOnlyItsOwnerMayWriteInDirectoriesLikewiseIsSafe() throws Exception {
        Path file = file(directory, "rw-r--r--");
        assertDoesNotThrow(() -> RuleFileSafety.check(file));
    }

    @Test
    void aFileOthersMayWriteIsNot() throws Exception {
        Path file = file(directory, "rw-rw-rw-");
        assertEquals(List.of(file + ": unsafe: " + file + " is writable by every user (mode 0666), who could change"
                + " the rules; fix: chmod go-w " + file + ", or give unsafeRules=allow"), problems(file));
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-rw-r--"));
        assertEquals(List.of(file + ": unsafe: " + file + " is writable by its group (mode 0664), who could change"
                + " the rules; fix: chmod go-w " + file + ", or give unsafeRules=allow"), problems(file));
    }

    /** Whoever may write the directory may replace the file; unless the sticky bit stops them, as in /tmp. */
    @Test
    void aDirectoryOthersMayWriteIsNotUnlessSticky() throws Exception {
        Path open = Files.createDirectory(directory.resolve("open"));
        Path file = file(open, "rw-r--r--");
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxrwxrwx"));
        assertEquals(List.of(file + ": unsafe: its directory " + open + " is writable by every user (mode 0777), who"
                + " could change the rules; fix: chmod go-w " + open + ", or give unsafeRules=allow"), problems(file));

        Files.setAttribute(open, "unix:mode", 01777);
        assertDoesNotThrow(() -> RuleFileSafety.check(file));
    }

    @Test
    void aSymlinkIsFollowedAndItsTargetChecked() throws Exception {
        Path elsewhere = Files.createDirectory(directory.resolve("elsewhere"));
        Path target = file(elsewhere, "rw-rw-rw-");
        Path link = Files.createSymbolicLink(directory.resolve("link.conf"), target);
        assertEquals(List.of(link + ": unsafe: " + target + " is writable by every user (mode 0666), who could change"
                + " the rules; fix: chmod go-w " + target + ", or give unsafeRules=allow"), problems(link));
    }

    @Test
    void aFileOfAnotherUserIsNot() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "only root can give a file to another user");
        Path file = file(directory, "rw-r--r--");
        UserPrincipal nobody = file.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        Files.setOwner(file, nobody);
        assertEquals(List.of(file + ": unsafe: " + file + " belongs to uid 65534, neither this JVM's user (uid 0) nor"
                + " root, who could change the rules; fix: chown it, or give unsafeRules=allow"), problems(file));
    }

    @Test
    void aMissingFileIsLeftToTheReadToReport() throws Exception {
        assertDoesNotThrow(() -> RuleFileSafety.check(directory.resolve("absent.conf")));
    }
}
