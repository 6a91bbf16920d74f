package dev.nicpin.it.apps;

import java.io.File;
import java.lang.management.ManagementFactory;
import java.lang.management.PlatformManagedObject;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How a test application ends when its threads hang: it prints on standard error what it waited
 * for and a thread dump, to tell a deadlock from a slow run, and exits 3.
 */
final class Hangs {

    private Hangs() {
    }

    /** Joins the threads; one not done by {@code deadline} (in {@link System#nanoTime()}'s terms) is a hang. */
    static void join(List<Thread> threads, long deadline, String what) throws Exception {
        for (Thread thread : threads) {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            if (thread.isAlive()) {
                System.err.println(what + " hang: thread " + thread + " is not done");
                printThreads();
                System.exit(3);
            }
        }
    }

    /**
     * The threads deadlocked on monitors or locks, then every thread's stack: on JDK 21+ the
     * HotSpot diagnostic bean's thread dump, the one that shows virtual threads (a carrier's
     * stack does not show the virtual thread it carries); before 21, every platform thread's.
     */
    private static void printThreads() throws Exception {
        long[] deadlocked = ManagementFactory.getThreadMXBean().findDeadlockedThreads();
        System.err.println("deadlocked thread ids: " + (deadlocked == null ? "none" : Arrays.toString(deadlocked)));
        Class<? extends PlatformManagedObject> bean =
                Class.forName("com.sun.management.HotSpotDiagnosticMXBean").asSubclass(PlatformManagedObject.class);
        Class<?> format;
        try {
            format = Class.forName("com.sun.management.HotSpotDiagnosticMXBean$ThreadDumpFormat");
        } catch (ClassNotFoundException beforeJdk21) {
            for (Map.Entry<Thread, StackTraceElement[]> thread : Thread.getAllStackTraces().entrySet()) {
                System.err.println("\"" + thread.getKey().getName() + "\" #" + thread.getKey().getId() + " "
                        + thread.getKey().getState());
                for (StackTraceElement frame : thread.getValue()) {
                    System.err.println("\tat " + frame);
                }
            }
            return;
        }
        Method dump = bean.getMethod("dumpThreads", String.class, format);
        File file = File.createTempFile("nicpin-it-threads-", ".txt");
        file.delete();   // the bean writes a file that does not exist yet
        dump.invoke(ManagementFactory.getPlatformMXBean(bean), file.getPath(), format.getField("TEXT_PLAIN").get(null));
        System.err.println(new String(Files.readAllBytes(file.toPath()), StandardCharsets.UTF_8));
        file.delete();
    }
}
