package dev.nicpin.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A host as hardened as a container with {@code readOnlyRootFilesystem}: the JVM that
 * {@link JvmRunner#hardenedHost} runs sees a read-only root file system, a {@code /tmp} mounted
 * noexec (writable, or read-only too), and a working directory of its own, writable or not. A
 * writable one is not noexec, so a native library written there would load: what jnr's stub did
 * when {@code /tmp} was noexec (DESIGN.md section 5), and {@link #assertNothingWritten} sees. It
 * is simulated in a private mount namespace of the JVM alone; the files already in {@code /tmp}
 * stay visible there, so the JDK, the jars and rule files the tests make remain readable (and the
 * JDKs, outside {@code /tmp}, executable). The JVM also gets a {@code java.io.tmpdir} of its own,
 * inside that {@code /tmp}.
 *
 * @param javaTmpdir the JVM's {@code java.io.tmpdir}
 */
record HardenedHost(Path workingDirectory, Access workingDirectoryAccess, Path javaTmpdir, Access tmpAccess) {
    /** What the probe exits with when the namespace is not what it must be: the JVM never started. */
    static final int NOT_SIMULATED = 125;
    /** The modification time the directories are made with: long past, so that any change shows. */
    private static final FileTime MADE = FileTime.fromMillis(0);

    /**
     * Sets up the mounts, then checks in that same namespace that each is what it must be, and
     * only then becomes the JVM: a test of a hardened host must never run on an ordinary one.
     * Arguments: working directory, its access, /tmp's access, java.io.tmpdir, then the command.
     */
    private static final String SETUP = """
            set -e
            wd=$1 wd_access=$2 tmp_access=$3 tmpdir=$4
            shift 4
            mount --bind /tmp /tmp
            mount -o remount,bind,$tmp_access,noexec,nosuid,nodev /tmp
            mount --bind "$wd" "$wd"
            mount -o remount,bind,$wd_access,exec,nosuid,nodev "$wd"
            mount -o remount,bind,ro /
            not_simulated() {
              echo "hardened host not simulated: $1 must be mounted $2: $(findmnt -no TARGET,OPTIONS -T "$1")" >&2
              exit %d
            }
            has() { findmnt -no OPTIONS -T "$1" | tr , '\\n' | grep -qx "$2"; }
            mounted() { has "$1" "$2" || not_simulated "$1" "$2"; }
            mounted / ro
            mounted /tmp "$tmp_access"
            mounted /tmp noexec
            mounted "$tmpdir" noexec
            mounted "$wd" "$wd_access"
            if has "$wd" noexec; then not_simulated "$wd" exec; fi
            cd "$wd"
            exec "$@"
            """.formatted(NOT_SIMULATED);

    /** How a directory is mounted. */
    enum Access {
        READ_ONLY("ro"), WRITABLE("rw");

        private final String option;

        Access(String option) {
            this.option = option;
        }
    }

    /**
     * A writable {@code /tmp}, and in {@code directory} (which must be in {@code /tmp}, to be
     * noexec) a new empty working directory and {@code java.io.tmpdir}.
     */
    static HardenedHost in(Path directory, Access workingDirectoryAccess) {
        return new HardenedHost(emptyDirectory(directory, "working-directory-"), workingDirectoryAccess,
                emptyDirectory(directory, "java-tmpdir-"), Access.WRITABLE);
    }

    /** The same host with {@code /tmp} read-only as well. */
    HardenedHost withReadOnlyTmp() {
        return new HardenedHost(workingDirectory, workingDirectoryAccess, javaTmpdir, Access.READ_ONLY);
    }

    /**
     * What runs the rest of a command line in the hardened namespace: {@code unshare} and
     * {@code sh} each exec what they run in their own place, so the process stays the JVM.
     */
    List<String> command() {
        return List.of("unshare", "--mount", "--propagation", "private", "sh", "-c", SETUP, "hardened-host",
                workingDirectory.toString(), workingDirectoryAccess.option, tmpAccess.option, javaTmpdir.toString());
    }

    /**
     * Fails unless the working directory and {@code java.io.tmpdir} are as they were made: empty,
     * and not even a file made and deleted since (as jnr did with its stub), which would have
     * changed the directory's modification time.
     */
    void assertNothingWritten(Supplier<String> context) {
        assertUntouched(workingDirectory, "the working directory", context);
        assertUntouched(javaTmpdir, "java.io.tmpdir", context);
    }

    private static void assertUntouched(Path directory, String role, Supplier<String> context) {
        try (Stream<Path> entries = Files.list(directory)) {
            assertEquals(List.of(), entries.toList(), () -> "written into " + role + "\n" + context.get());
            assertEquals(MADE, Files.getLastModifiedTime(directory),
                    () -> "a file was made and deleted in " + role + "\n" + context.get());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A new empty directory whose modification time is {@link #MADE}: the kernel sets it anew at each entry made or removed. */
    private static Path emptyDirectory(Path parent, String prefix) {
        try {
            return Files.setLastModifiedTime(Files.createTempDirectory(parent, prefix), MADE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make a directory of a hardened host in " + parent, e);
        }
    }
}
