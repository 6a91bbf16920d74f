package dev.nicpin.it.apps;

import java.io.File;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * A test application that loads the far side for a bounded time: THREADS threads, platform or
 * (JDK 21+) virtual, each exchange again and again with the destinations in turn, at most
 * IN_FLIGHT exchanges at once: first a warm-up round, then the measured round of RUN ms, each
 * with threads of its own. WARM_UP is the warm-up's length in ms, or the path of a file: the
 * round lasts until it exists. RUN may be RUN_MS/LAST_MS: the exchanges that start in the last
 * LAST_MS ms of the measured round are also tallied on their own.
 *
 * <pre>
 * java dev.nicpin.it.apps.LoadClients platform|virtual THREADS IN_FLIGHT WARM_UP RUN_MS[/LAST_MS] DESTINATION...
 *
 *   DESTINATION   NAME=KIND:HOST:PORT, KIND being socket, socket-channel (TCP: connect, read the
 *                 answer), datagram-socket or datagram-channel (an unconnected datagram from a new
 *                 socket, then its answer)
 * </pre>
 *
 * Output, once both rounds are done:
 *
 * <pre>
 *   NAME COUNT OUTCOME   per destination and distinct outcome over both rounds: the answer, or
 *                        FAILED: EXCEPTION-CLASS (the first message of each on standard error)
 *   last:NAME COUNT OUTCOME   the same, of the exchanges started in the last LAST_MS ms
 *   connections N        exchanges of the measured round, failed ones included
 *   per-second N         the same per second of the round
 *   fds-new ...          the descriptors (and their targets) open after but not before, if any
 *   threads-new ...      the threads alive after but not before, if any
 *   fds-before N         open file descriptors after the warm-up round, its threads ended, and a
 *                        settle of {@value #SETTLE_MILLIS} ms
 *   fds-after N          and the same after the measured round
 *   heap-before N        KiB of heap in use after a full GC, at the same two moments
 *   heap-after N
 *   threads-before N     live threads (virtual ones are not listed), at the same two moments
 *   threads-after N      the last line
 * </pre>
 *
 * The warm-up round lets what a JVM starts once (the virtual-thread scheduler's carriers and
 * pollers, an agent's own threads) start before the count. A round whose threads are not done
 * {@value #HANG_SECONDS} s after its end is a hang: the app prints every thread's stack (and
 * the deadlocked ones) on standard error and exits 3.
 */
public final class LoadClients {
    private static final long SETTLE_MILLIS = 300;
    private static final long HANG_SECONDS = 30;
    private static final long POLL_MILLIS = 20;

    private final boolean virtual;
    private final int threads;
    private final Semaphore inFlight;
    private final List<String> names = new ArrayList<>();
    private final List<Exchanges.Exchange> exchanges = new ArrayList<>();
    private final ConcurrentMap<String, LongAdder> tallies = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, String> firstFailures = new ConcurrentHashMap<>();
    /** When the round under way ends, in {@link System#nanoTime()}'s terms. */
    private volatile long end;
    /** From when an exchange that starts is tallied as one of the last too; {@link #end} when none are. */
    private volatile long lastFrom;

    private LoadClients(boolean virtual, int threads, int inFlight) {
        this.virtual = virtual;
        this.threads = threads;
        this.inFlight = new Semaphore(inFlight);
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 6 || !args[0].matches("platform|virtual")) {
            System.err.println("usage: LoadClients platform|virtual THREADS IN_FLIGHT WARM_UP_MS|WARM_UP_FILE RUN_MS"
                    + " NAME=KIND:HOST:PORT...");
            System.exit(2);
        }
        LoadClients load = new LoadClients(args[0].equals("virtual"), Integer.parseInt(args[1]),
                Integer.parseInt(args[2]));
        for (String destination : Arrays.asList(args).subList(5, args.length)) {
            load.add(destination);
        }

        boolean untilFile = !args[3].matches("[0-9]+");
        load.round(untilFile ? 0 : Long.parseLong(args[3]), untilFile ? new File(args[3]) : null, 0);
        Thread.sleep(SETTLE_MILLIS);
        Snapshot before = Snapshot.take();
        long started = System.nanoTime();
        String[] run = args[4].split("/", 2);
        long connections = load.round(Long.parseLong(run[0]), null, run.length > 1 ? Long.parseLong(run[1]) : 0);
        double seconds = (System.nanoTime() - started) / 1e9;
        Thread.sleep(SETTLE_MILLIS);
        Snapshot after = Snapshot.take();

        for (Map.Entry<String, LongAdder> tally : new TreeMap<>(load.tallies).entrySet()) {
            String key = tally.getKey();
            int space = key.indexOf(' ');
            System.out.println(key.substring(0, space) + " " + tally.getValue().sum() + key.substring(space));
        }
        for (String failure : load.firstFailures.values()) {
            System.err.println(failure);
        }
        System.out.println("connections " + connections);
        System.out.println("per-second " + Math.round(connections / seconds));
        printNew("fds-new", before.fds.values(), after.fds.values());
        printNew("threads-new", before.threads, after.threads);
        System.out.println("fds-before " + before.fds.size());
        System.out.println("fds-after " + after.fds.size());
        System.out.println("heap-before " + before.heapKib);
        System.out.println("heap-after " + after.heapKib);
        System.out.println("threads-before " + before.threads.size());
        System.out.println("threads-after " + after.threads.size());
    }

    private void add(String destination) {
        String name = destination.substring(0, destination.indexOf('='));
        String[] where = destination.substring(name.length() + 1).split(":", 2);
        String host = where[1].substring(0, where[1].lastIndexOf(':'));
        final InetSocketAddress address = new InetSocketAddress(host,
                Integer.parseInt(where[1].substring(host.length() + 1)));
        names.add(name);
        switch (where[0]) {
            case "socket":
                exchanges.add(() -> Exchanges.overSocket(address));
                break;
            case "socket-channel":
                exchanges.add(() -> Exchanges.overSocketChannel(address));
                break;
            case "datagram-socket":
                exchanges.add(() -> {
                    try (DatagramSocket socket = new DatagramSocket()) {
                        return Exchanges.send(socket, address);
                    }
                });
                break;
            case "datagram-channel":
                exchanges.add(() -> {
                    try (DatagramChannel channel = DatagramChannel.open()) {
                        return Exchanges.send(channel, address);
                    }
                });
                break;
            default:
                throw new IllegalArgumentException("not a kind of exchange: " + destination);
        }
    }

    /**
     * Runs the threads for {@code millis}, or until the file {@code until} exists if one is
     * given; returns how many exchanges they made. Those that start in its last {@code lastMillis}
     * ms are tallied as last ones too.
     */
    private long round(long millis, File until, long lastMillis) throws Exception {
        end = System.nanoTime() + (until == null ? TimeUnit.MILLISECONDS.toNanos(millis) : TimeUnit.DAYS.toNanos(1));
        lastFrom = end - TimeUnit.MILLISECONDS.toNanos(lastMillis);
        AtomicLong count = new AtomicLong();
        List<Thread> started = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            int first = i;
            started.add(start(() -> {
                for (int next = first; exchange(next % exchanges.size()); next++) {
                    count.incrementAndGet();
                }
            }));
        }
        while (until != null && !until.exists()) {
            Thread.sleep(POLL_MILLIS);
        }
        if (until != null) {
            end = System.nanoTime();
        }
        Hangs.join(started, end + TimeUnit.SECONDS.toNanos(HANG_SECONDS), "LoadClients");
        return count.get();
    }

    /**
     * One exchange, unless the round is over. Asked once the exchange may start: threads that
     * queued for it past the end would otherwise draw the round out.
     */
    private boolean exchange(int destination) {
        inFlight.acquireUninterruptibly();
        String outcome;
        boolean last;
        try {
            long now = System.nanoTime();
            if (now - end >= 0) {
                return false;
            }
            last = now - lastFrom >= 0;
            outcome = Exchanges.outcome(exchanges.get(destination));
        } finally {
            inFlight.release();
        }
        String name = names.get(destination);
        if (outcome.startsWith("FAILED: ")) {
            firstFailures.putIfAbsent(name + " " + outcome.substring(0, outcome.indexOf(':', 8)), name + " " + outcome);
            outcome = outcome.substring(0, outcome.indexOf(':', 8));
        }
        tallies.computeIfAbsent(name + " " + outcome, key -> new LongAdder()).increment();
        if (last) {
            tallies.computeIfAbsent("last:" + name + " " + outcome, key -> new LongAdder()).increment();
        }
        return true;
    }

    /** The virtual-thread API is reached reflectively: the test applications compile for Java 8. */
    private Thread start(Runnable work) throws ReflectiveOperationException {
        if (!virtual) {
            Thread thread = new Thread(work);
            thread.start();
            return thread;
        }
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        return (Thread) Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class)
                .invoke(builder, work);
    }

    private static void printNew(String name, Iterable<String> before, Iterable<String> after) {
        Set<String> added = new TreeSet<>();
        after.forEach(added::add);
        before.forEach(added::remove);
        if (!added.isEmpty()) {
            System.out.println(name + " " + String.join(", ", added));
        }
    }

    /** The open file descriptors (number to target), live threads and heap in use at one moment. */
    private static final class Snapshot {
        final Map<Integer, String> fds = new TreeMap<>();
        final Set<String> threads = new TreeSet<>();
        long heapKib;

        static Snapshot take() throws IOException {
            Snapshot snapshot = new Snapshot();
            System.gc(); // a full collection on every collector the JDKs default to, with no -XX:+ExplicitGCInvokesConcurrent
            Runtime runtime = Runtime.getRuntime();
            snapshot.heapKib = (runtime.totalMemory() - runtime.freeMemory()) / 1024;
            for (String fd : new File("/proc/self/fd").list()) {
                Path link = Paths.get("/proc/self/fd", fd);
                try {
                    snapshot.fds.put(Integer.valueOf(fd), fd + "->" + Files.readSymbolicLink(link));
                } catch (IOException closedMeanwhile) {
                    // the directory listing's own descriptor, closed once listed
                }
            }
            for (Thread thread : Thread.getAllStackTraces().keySet()) {
                snapshot.threads.add(thread.getName() + "#" + thread.getId());
            }
            return snapshot;
        }
    }
}
