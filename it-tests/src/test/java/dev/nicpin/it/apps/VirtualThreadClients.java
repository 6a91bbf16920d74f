package dev.nicpin.it.apps;

import java.lang.reflect.Method;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * A test application (JDK 21+) that talks to the far side from virtual threads, all at once:
 * {@value #PER_KIND} TCP connections through {@code Socket}, as many through
 * {@code SocketChannel}, and as many datagrams each through {@code DatagramSocket} and
 * {@code DatagramChannel}.
 *
 * <pre>
 * java dev.nicpin.it.apps.VirtualThreadClients HOST TCP_PORT UDP_PORT
 * </pre>
 *
 * Output: one line {@code KIND-N/virtual OUTCOME} per client ({@code /platform} if the client
 * did not run on a virtual thread after all), in a fixed order, KIND being {@code socket},
 * {@code socket-channel}, {@code datagram-socket} or {@code datagram-channel}.
 *
 * <p>The virtual-thread API is reached reflectively: the test applications compile for Java 8
 * (see the module's pom.xml).
 */
public final class VirtualThreadClients {
    public static final int PER_KIND = 4;

    private VirtualThreadClients() {
    }

    public static void main(String[] args) throws Exception {
        InetSocketAddress tcp = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        InetSocketAddress udp = new InetSocketAddress(args[0], Integer.parseInt(args[2]));
        Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
        Method start = Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class);
        Method isVirtual = Thread.class.getMethod("isVirtual");

        List<String> names = new ArrayList<>();
        List<Exchanges.Exchange> exchanges = new ArrayList<>();
        for (int i = 1; i <= PER_KIND; i++) {
            names.add("socket-" + i);
            exchanges.add(() -> Exchanges.overSocket(tcp));
            names.add("socket-channel-" + i);
            exchanges.add(() -> Exchanges.overSocketChannel(tcp));
            names.add("datagram-socket-" + i);
            exchanges.add(() -> {
                try (DatagramSocket socket = new DatagramSocket()) {
                    return Exchanges.send(socket, udp);
                }
            });
            names.add("datagram-channel-" + i);
            exchanges.add(() -> {
                try (DatagramChannel channel = DatagramChannel.open()) {
                    return Exchanges.send(channel, udp);
                }
            });
        }

        String[] lines = new String[exchanges.size()];
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < exchanges.size(); i++) {
            int index = i;
            threads.add((Thread) start.invoke(builder, (Runnable) () -> {
                String thread = isVirtual(isVirtual) ? "virtual" : "platform";
                lines[index] = names.get(index) + "/" + thread + " " + Exchanges.outcome(exchanges.get(index));
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
        for (String line : lines) {
            System.out.println(line);
        }
    }

    private static boolean isVirtual(Method isVirtual) {
        try {
            return (Boolean) isVirtual.invoke(Thread.currentThread());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
