package dev.nicpin.it.apps;

import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A test application that connects from static initialisers. This main class does, while the
 * JVM initialises it, right after the agents' premain and before main; then two threads
 * initialise two classes at once: {@link Second}'s initialiser connects and then reads
 * {@link First}'s result, so its thread waits for the other thread's class while that one
 * connects. The destinations come from system properties, an initialiser having no arguments:
 *
 * <pre>
 * java -Dservice.v4=HOST -Dservice.v6=HOST -Dservice.tcp=PORT -Dservice.udp=PORT dev.nicpin.it.apps.ClassInitClients
 * </pre>
 *
 * Output: one line {@code NAME OUTCOME} each, in this order: {@code main-tcp} (a TCP connect to
 * service.v4) and {@code main-udp} (an unconnected datagram to it) from this class's initialiser,
 * {@code first-tcp} (to service.v6) and {@code second-tcp} (to service.v4) from the two classes',
 * and {@code second-saw-first}, First's outcome as Second's initialiser read it. Should the two
 * threads not be done within {@value #HANG_SECONDS} s, it prints a thread dump on standard error
 * and exits 3.
 */
public final class ClassInitClients {
    private static final long HANG_SECONDS = 20;
    private static final String MAIN_TCP = Exchanges.outcome(() -> Exchanges.overSocket(tcp("service.v4")));
    private static final String MAIN_UDP = Exchanges.outcome(() -> {
        try (DatagramChannel channel = DatagramChannel.open()) {
            return Exchanges.send(channel, udp("service.v4"));
        }
    });

    private ClassInitClients() {
    }

    public static void main(String[] args) throws Exception {
        Thread first = new Thread(() -> First.OUTCOME.length(), "first");
        Thread second = new Thread(() -> Second.OUTCOME.length(), "second");
        first.start();
        second.start();
        Hangs.join(Arrays.asList(first, second), System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_SECONDS),
                "ClassInitClients");
        System.out.println("main-tcp " + MAIN_TCP);
        System.out.println("main-udp " + MAIN_UDP);
        System.out.println("first-tcp " + First.OUTCOME);
        System.out.println("second-tcp " + Second.OUTCOME);
        System.out.println("second-saw-first " + Second.FIRST);
    }

    private static InetSocketAddress tcp(String host) {
        return new InetSocketAddress(System.getProperty(host), Integer.getInteger("service.tcp"));
    }

    private static InetSocketAddress udp(String host) {
        return new InetSocketAddress(System.getProperty(host), Integer.getInteger("service.udp"));
    }

    /**
     * Each initialiser opens its side, then waits for the other's: so the thread "first" is the
     * one that initialises First, and both connect while both threads are in initialisers.
     */
    private static final class Gate {
        static final CountDownLatch FIRST_BEGUN = new CountDownLatch(1);
        static final CountDownLatch SECOND_BEGUN = new CountDownLatch(1);

        static void pass(CountDownLatch mine, CountDownLatch other) {
            mine.countDown();
            try {
                other.await(HANG_SECONDS, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static final class First {
        static final String OUTCOME;

        static {
            Gate.pass(Gate.FIRST_BEGUN, Gate.SECOND_BEGUN);
            OUTCOME = Exchanges.outcome(() -> Exchanges.overSocket(tcp("service.v6")));
        }
    }

    private static final class Second {
        static final String OUTCOME;
        static final String FIRST;

        static {
            Gate.pass(Gate.SECOND_BEGUN, Gate.FIRST_BEGUN);
            OUTCOME = Exchanges.outcome(() -> Exchanges.overSocket(tcp("service.v4")));
            FIRST = First.OUTCOME;   // waits until the thread "first" has initialised First
        }
    }
}
