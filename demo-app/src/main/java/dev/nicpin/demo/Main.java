package dev.nicpin.demo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * An ordinary program that knows nothing of nicpin: it reaches a far side along every way the
 * JDK offers to open a connection or send a datagram, and prints what the far side answered.
 *
 * <pre>
 * java -jar nicpin-demo-app.jar [--tcp-port N] [--udp-port N] [--http-port N] [--repeat MILLIS] HOST [HOST...]
 * </pre>
 *
 * The ports default to the lab server's (7000 TCP, 7001 UDP, 7080 HTTP). With several hosts,
 * each connection-oriented path opens a fresh connection per host, while each datagram path
 * sends to the hosts in turn from one socket (connected paths reconnect), so that, say,
 * {@code A B A} shows a reused socket going pinned, unpinned and pinned again. (Linux 6.18,
 * at least, delivers no answers to a dual-stack UDP socket reconnected from an IPv4 to an
 * IPv6 destination: mix the families only to see that.)
 *
 * <p>Output: one line per path and host, four fields separated by spaces, the first three
 * without spaces of their own:
 * <pre>
 * PATH                         TRANSPORT DESTINATION   OUTCOME
 * socket-connect               tcp  10.77.9.1:7000     seen-from 10.77.0.1 via nic0
 * http-client                  http [fd77:9::1]:7080   skipped: needs JDK 11+
 * datagram-socket-send         udp  10.77.9.1:7001     FAILED: java.net.SocketTimeoutException: Receive timed out
 * </pre>
 * OUTCOME is the line the far side answered (the lab server answers
 * {@code seen-from SOURCE via INTERFACE}), or {@code skipped: WHY} when the running JDK lacks
 * the path, or {@code FAILED: EXCEPTION-CLASS: MESSAGE}. Lines starting with {@code #} are
 * commentary. Paths, in this order: {@code socket-connect}, {@code socket-connect-timeout},
 * {@code channel-adaptor-connect}, {@code channel-connect-blocking},
 * {@code channel-connect-nonblocking}, {@code async-channel-connect},
 * {@code datagram-socket-connected}, {@code datagram-socket-send},
 * {@code multicast-socket-send}, {@code multicast-socket-send-ttl},
 * {@code datagram-channel-connected}, {@code datagram-channel-send},
 * {@code http-url-connection}, {@code http-client}.
 *
 * <p>Running every path once is a round, which ends with the line {@code # round N done}
 * (N from 1). With {@code --repeat MILLIS} the app pauses MILLIS after each round and runs
 * another, until killed: an agent attached to it while it runs shows in the rounds after.
 *
 * <p>Exit status, without {@code --repeat}: 0 when nothing FAILED, 1 when something did; 2 for
 * a usage error. Every connect and read gives up after 3 s, and a watchdog abandons any
 * exchange after 5 s.
 */
public final class Main {
    private static final int WATCHDOG_SECONDS = 5;

    private final Arguments arguments;
    private final ExecutorService watchdog = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "nicpin-demo-exchange");
        thread.setDaemon(true);   // an exchange stuck past the watchdog must not keep the JVM alive
        return thread;
    });
    private int answered;
    private int skipped;
    private int failed;

    private Main(Arguments arguments) {
        this.arguments = arguments;
    }

    public static void main(String[] args) {
        Arguments arguments;
        try {
            arguments = new Arguments(args);
        } catch (IllegalArgumentException e) {
            System.err.println("nicpin-demo-app: " + e.getMessage());
            System.err.println(Arguments.USAGE);
            System.exit(2);
            return;
        }
        System.exit(new Main(arguments).run());
    }

    private int run() {
        System.out.println("# nicpin demo app on Java " + System.getProperty("java.version")
                + " (" + System.getProperty("java.vm.vendor") + "): one line per JDK socket path and destination");
        List<SocketPath> paths = new ArrayList<>();
        paths.addAll(StreamPaths.all());
        paths.addAll(ChannelPaths.all());
        paths.addAll(DatagramSocketPaths.all());
        paths.addAll(DatagramChannelPaths.all());
        paths.addAll(HttpPaths.all());
        for (int round = 1; ; round++) {
            for (SocketPath path : paths) {
                run(path);
            }
            System.out.println("# round " + round + " done");
            if (arguments.repeatMillis < 0 || !paused(arguments.repeatMillis)) {
                break;
            }
        }
        System.out.println("# " + answered + " answered, " + skipped + " skipped, " + failed + " FAILED");
        return failed == 0 ? 0 : 1;
    }

    /** False if interrupted, which ends the repeating. */
    private static boolean paused(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void run(SocketPath path) {
        int port = arguments.ports.get(path.transport);
        Conversation conversation;
        try {
            conversation = path.opener.open();
        } catch (SocketPath.Skipped e) {
            arguments.hosts.forEach(host -> print(path, host, port, "skipped: " + e.getMessage()));
            return;
        } catch (Exception e) {
            arguments.hosts.forEach(host -> print(path, host, port, failure(e)));
            return;
        }
        try (Conversation open = conversation) {
            for (String host : arguments.hosts) {
                print(path, host, port, exchange(open, new InetSocketAddress(host, port)));
            }
        } catch (IOException e) {
            System.out.println("# " + path.name + ": closing its socket failed: " + e);
        }
    }

    private String exchange(Conversation conversation, InetSocketAddress destination) {
        Future<String> answer = watchdog.submit(() -> conversation.exchange(destination));
        try {
            return answer.get(WATCHDOG_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return failure(e.getCause());
        } catch (TimeoutException e) {
            answer.cancel(true);
            return "FAILED: no outcome within " + WATCHDOG_SECONDS + " s";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failure(e);
        }
    }

    private void print(SocketPath path, String host, int port, String outcome) {
        if (outcome.startsWith("FAILED:")) {
            failed++;
        } else if (outcome.startsWith("skipped:")) {
            skipped++;
        } else {
            answered++;
        }
        System.out.println(String.format(Locale.ROOT, "%-28s %-4s %-22s %s",
                path.name, path.transport.label, authority(host, port), outcome));
    }

    /** {@code host:port}, with an IPv6 literal in brackets: {@code [fd77:9::1]:7000}. */
    static String authority(String host, int port) {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }

    private static String failure(Throwable e) {
        return ("FAILED: " + e.getClass().getName() + ": " + e.getMessage()).replace('\n', ' ');
    }
}
