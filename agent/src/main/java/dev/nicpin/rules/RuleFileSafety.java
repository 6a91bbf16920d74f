package dev.nicpin.rules;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Whether users other than the JVM's and root could change a rules file: whoever can write it,
 * or replace it (write its directory, or one above), decides where this JVM's traffic goes. As
 * sshd's StrictModes: the file and every directory up to {@code /} must belong to root or to the
 * JVM's user and be writable by nobody else; a directory others may write is accepted only with
 * the sticky bit ({@code /tmp}), where nobody can rename or delete another's file. A symlink is
 * followed, and its target checked the same way, as are the directories the link itself is in.
 */
public final class RuleFileSafety {
    private static final int GROUP_WRITE = 020;
    private static final int OTHER_WRITE = 02;
    private static final int STICKY = 01000;

    private RuleFileSafety() {
    }

    /** For this JVM. @throws RuleFileException with one error per unsafe file or directory, each naming it and the fix */
    public static void check(Path path) throws RuleFileException {
        check(path, Paths.get("/proc/self"));
    }

    /**
     * For the process {@code /proc/PID} is of, whose user is its owner.
     *
     * @throws RuleFileException with one error per unsafe file or directory, each naming it and the fix
     */
    public static void check(Path path, Path process) throws RuleFileException {
        List<RuleError> errors = new ArrayList<>();
        try {
            int self = ((Number) Files.getAttribute(process, "unix:uid")).intValue();
            Path given = path.toAbsolutePath();
            checkChain(path.toString(), given, self, errors);
            Path real = given.toRealPath();
            if (!real.equals(given)) {
                checkChain(path.toString(), real, self, errors);
            }
        } catch (NoSuchFileException e) {
            // Nothing to check: reading it says that there is no such file.
        } catch (IOException | RuntimeException e) {
            errors.add(new RuleError(path.toString(), 0, 0, "cannot check who may change it (" + e
                    + "); fix: make it readable, or give unsafeRules=allow"));
        }
        if (!errors.isEmpty()) {
            throw new RuleFileException(errors);
        }
    }

    /** The file and each directory above it, symlinks left out: their targets are checked as the real path. */
    private static void checkChain(String file, Path path, int self, List<RuleError> errors) throws IOException {
        for (Path at = path; at != null; at = at.getParent()) {
            if (Files.isSymbolicLink(at)) {
                continue;
            }
            Map<String, Object> attributes = Files.readAttributes(at, "unix:uid,mode", LinkOption.NOFOLLOW_LINKS);
            int owner = (Integer) attributes.get("uid");
            int mode = (Integer) attributes.get("mode");
            boolean directory = at != path;
            String what = (directory ? "its directory " : "") + at;
            if (owner != self && owner != 0) {
                errors.add(new RuleError(file, 0, 0, "unsafe: " + what + " belongs to uid " + owner + ", neither this"
                        + " JVM's user (uid " + self + ") nor root, who could change the rules; fix: chown it, or give"
                        + " unsafeRules=allow"));
            }
            boolean othersMayWrite = (mode & (GROUP_WRITE | OTHER_WRITE)) != 0 && !(directory && (mode & STICKY) != 0);
            if (othersMayWrite) {
                errors.add(new RuleError(file, 0, 0, "unsafe: " + what + " is writable by "
                        + ((mode & OTHER_WRITE) != 0 ? "every user" : "its group") + " (mode "
                        + String.format("%04o", mode & 07777) + "), who could change the rules; fix: chmod go-w " + at
                        + ", or give unsafeRules=allow"));
            }
        }
    }
}
