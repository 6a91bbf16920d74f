package dev.nicpin.it.apps;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;

/**
 * A test application whose logging goes over the network: its java.util.logging configuration
 * ({@code -Djava.util.logging.config.file}) names a {@code java.util.logging.SocketHandler},
 * which the LogManager creates, and which connects, when the first record is published, from
 * whichever thread logs first and under the LogManager's lock. THREADS threads, let go at once,
 * each make CONNECTIONS connections to HOST:PORT (a {@code java.net.Socket} each, reading the
 * answer), logging before and after each.
 *
 * <pre>
 * java -Djava.util.logging.config.file=FILE dev.nicpin.it.apps.LoggingClients HOST PORT THREADS CONNECTIONS
 * </pre>
 *
 * Output: one line {@code thread-T-N OUTCOME} per connection, in order. Should the threads not be
 * done within {@value #HANG_SECONDS} s, it prints a thread dump on standard error and exits 3.
 */
public final class LoggingClients {
    private static final Logger LOG = Logger.getLogger(LoggingClients.class.getName());
    private static final long HANG_SECONDS = 20;

    private LoggingClients() {
    }

    public static void main(String[] args) throws Exception {
        InetSocketAddress destination = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        int threads = Integer.parseInt(args[2]);
        int connections = Integer.parseInt(args[3]);
        String[][] outcomes = new String[threads][connections];
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            String[] mine = outcomes[t];
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int n = 0; n < mine.length; n++) {
                    LOG.info("connecting to " + destination);
                    mine[n] = Exchanges.outcome(() -> Exchanges.overSocket(destination));
                    LOG.info("answered: " + mine[n]);
                }
            }, "thread-" + t);
            thread.start();
            started.add(thread);
        }
        go.countDown();
        Hangs.join(started, System.nanoTime() + TimeUnit.SECONDS.toNanos(HANG_SECONDS), "LoggingClients");
        for (int t = 0; t < threads; t++) {
            for (int n = 0; n < connections; n++) {
                System.out.println("thread-" + t + "-" + n + " " + outcomes[t][n]);
            }
        }
    }
}
