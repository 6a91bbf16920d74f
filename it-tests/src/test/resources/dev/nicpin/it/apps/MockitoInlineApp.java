package dev.nicpin.it.apps;

import static org.mockito.Mockito.CALLS_REAL_METHODS;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.mockStatic;
import static org.mockito.Mockito.mockingDetails;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.when;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.nio.channels.DatagramChannel;
import java.util.Set;
import java.util.TreeSet;
import org.mockito.MockedStatic;

/**
 * A test application that uses Mockito's inline mock maker, which retransforms the classes it
 * mocks, on JDK classes nicpin hooks too, then connects and sends through them and through new
 * sockets of every kind.
 *
 * <pre>
 * java -cp CLASSES:MOCKITO-JARS:TEST-APPS dev.nicpin.it.apps.MockitoInlineApp HOST TCP_PORT UDP_PORT
 * </pre>
 *
 * Output, one {@code KEY VALUE} line each: {@code final-class} what a mock of a final class
 * answered; then, with their answers from the far side, the sends of a spied DatagramChannel
 * (Mockito retransforms sun.nio.ch.DatagramChannelImpl) and a spied MulticastSocket
 * (MulticastSocket and DatagramSocket, which nicpin hooks on JDK 8 and 11), a SocketChannel's
 * connect while sun.nio.ch.Net is mocked statically, calling its real methods, and which of
 * Net's methods Mockito intercepted meanwhile; last, the answers of a new Socket, SocketChannel,
 * DatagramChannel and DatagramSocket. The spies' lines say {@code spy} or {@code not-a-spy} first.
 *
 * <p>{@code ByteBuddyApplicationsTest} compiles it against the Mockito jars it runs with.
 */
public final class MockitoInlineApp {

    /** Final: only the inline mock maker can mock it. */
    static final class Greeter {
        String greet() {
            return "real";
        }
    }

    public static void main(String[] args) throws Exception {
        InetSocketAddress tcp = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        InetSocketAddress udp = new InetSocketAddress(args[0], Integer.parseInt(args[2]));

        Greeter greeter = mock(Greeter.class);
        when(greeter.greet()).thenReturn("mocked");
        System.out.println("final-class " + greeter.greet());

        DatagramChannel channel = spy(DatagramChannel.open());
        System.out.println("spied-datagram-channel-send " + spyOrNot(channel)
                + " " + Exchanges.outcome(() -> Exchanges.send(channel, udp)));
        MulticastSocket multicast = spy(new MulticastSocket());
        System.out.println("spied-multicast-socket-send " + spyOrNot(multicast)
                + " " + Exchanges.outcome(() -> Exchanges.send(multicast, udp)));

        final Set<String> intercepted = new TreeSet<>();
        String answer;
        try (MockedStatic<?> net = mockStatic(Class.forName("sun.nio.ch.Net"), invocation -> {
            intercepted.add(invocation.getMethod().getName());
            return invocation.callRealMethod();
        })) {
            answer = Exchanges.outcome(() -> Exchanges.overSocketChannel(tcp));
        }
        System.out.println("mocked-net-socket-channel-connect " + answer);
        System.out.println("mocked-net-intercepted " + (intercepted.contains("connect") ? "connect" : intercepted));

        System.out.println("socket-connect " + Exchanges.outcome(() -> Exchanges.overSocket(tcp)));
        System.out.println("socket-channel-connect " + Exchanges.outcome(() -> Exchanges.overSocketChannel(tcp)));
        System.out.println("datagram-channel-send " + Exchanges.outcome(() -> {
            try (DatagramChannel fresh = DatagramChannel.open()) {
                return Exchanges.send(fresh, udp);
            }
        }));
        System.out.println("datagram-socket-send " + Exchanges.outcome(() -> {
            try (DatagramSocket fresh = new DatagramSocket()) {
                return Exchanges.send(fresh, udp);
            }
        }));
        channel.close();
        multicast.close();
    }

    private static String spyOrNot(Object object) {
        return mockingDetails(object).isSpy() ? "spy" : "not-a-spy";
    }
}
