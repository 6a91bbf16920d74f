package dev.nicpin.it.apps;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * A test application that connects again and again, until killed: each time a new
 * {@code java.net.Socket} to HOST:PORT, which reads the one line the far side answers.
 *
 * <pre>
 * java dev.nicpin.it.apps.ConnectLoop HOST PORT [PER_SECOND]
 * </pre>
 *
 * At most PER_SECOND connections a second (default {@value #DEFAULT_PER_SECOND}): each starts
 * at its time on a fixed schedule, and one that starts late, after a slow one, moves the
 * schedule on rather than letting the next ones catch up in a burst. Output: one line per
 * connection, the answer or {@code FAILED: EXCEPTION-CLASS: MESSAGE}.
 */
public final class ConnectLoop {
    private static final int DEFAULT_PER_SECOND = 1000;

    private ConnectLoop() {
    }

    public static void main(String[] args) {
        if (args.length < 2) {
            System.err.println("usage: ConnectLoop HOST PORT [PER_SECOND]");
            System.exit(2);
        }
        InetSocketAddress destination = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        int perSecond = args.length > 2 ? Integer.parseInt(args[2]) : DEFAULT_PER_SECOND;
        long interval = TimeUnit.SECONDS.toNanos(1) / perSecond;
        long next = System.nanoTime();
        while (true) {
            // println flushes: System.out is a PrintStream that flushes at each line.
            System.out.println(Exchanges.outcome(() -> Exchanges.overSocket(destination)));
            next += interval;
            long now = System.nanoTime();
            if (now - next > 0) {
                next = now;
            }
            for (long wait = next - System.nanoTime(); wait > 0; wait = next - System.nanoTime()) {
                LockSupport.parkNanos(wait);
            }
        }
    }
}
