package dev.nicpin.it.apps;

import jnr.posix.POSIXFactory;

/**
 * A test application that loads jnr-posix's native POSIX, as nicpin once did: jffi, beneath it,
 * extracts its native stub into {@code java.io.tmpdir}, or, when that is mounted noexec, into the
 * working directory, and loads it from there (DESIGN.md section 5). Prints
 * {@code jnr-posix loaded}, or {@code jnr-posix FAILED: } and the messages of the failure and its
 * causes, on one line.
 */
public final class JnrPosixLoad {

    private JnrPosixLoad() {
    }

    public static void main(String[] args) {
        try {
            POSIXFactory.getNativePOSIX().getpid();
            System.out.println("jnr-posix loaded");
        } catch (Throwable failure) {   // an UnsatisfiedLinkError, in whatever jnr-ffi wraps it
            StringBuilder messages = new StringBuilder("jnr-posix FAILED:");
            for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
                messages.append(' ').append(cause.getMessage());
            }
            System.out.println(messages.toString().replaceAll("\\s+", " "));
        }
    }
}
