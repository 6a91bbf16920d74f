package dev.nicpin.demo;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * UDP through {@link DatagramSocket} and {@link MulticastSocket} (a unicast destination:
 * what matters is the send path, which differs between the two classes on older JDKs).
 */
final class DatagramSocketPaths {
    private static final byte[] REQUEST = "nicpin-demo\n".getBytes(StandardCharsets.US_ASCII);

    private DatagramSocketPaths() {
    }

    static List<SocketPath> all() {
        return Arrays.asList(
                new SocketPath("datagram-socket-connected", Transport.UDP, () -> connected(new DatagramSocket())),
                new SocketPath("datagram-socket-send", Transport.UDP, () -> unconnected(new DatagramSocket())),
                new SocketPath("multicast-socket-send", Transport.UDP, () -> unconnected(new MulticastSocket())),
                new SocketPath("multicast-socket-send-ttl", Transport.UDP, DatagramSocketPaths::sendWithTtl));
    }

    /** Connects to each destination in turn (disconnecting in between), then sends. */
    private static Conversation connected(DatagramSocket socket) throws IOException {
        socket.setSoTimeout(Replies.TIMEOUT_MILLIS);
        return new Conversation() {
            @Override
            public String exchange(InetSocketAddress destination) throws IOException {
                socket.connect(destination);
                try {
                    socket.send(new DatagramPacket(REQUEST, REQUEST.length));
                    return receive(socket);
                } finally {
                    socket.disconnect();
                }
            }

            @Override
            public void close() {
                socket.close();
            }
        };
    }

    private static Conversation unconnected(DatagramSocket socket) throws IOException {
        socket.setSoTimeout(Replies.TIMEOUT_MILLIS);
        return new Conversation() {
            @Override
            public String exchange(InetSocketAddress destination) throws IOException {
                socket.send(new DatagramPacket(REQUEST, REQUEST.length, destination));
                return receive(socket);
            }

            @Override
            public void close() {
                socket.close();
            }
        };
    }

    /**
     * {@code MulticastSocket.send(DatagramPacket, byte)}, deprecated since Java 1.4 and for
     * removal since 19, is called reflectively: it compiles without a warning and is skipped
     * on a JDK that no longer has it. The TTL only applies to multicast destinations.
     */
    private static Conversation sendWithTtl() throws Exception {
        Method send;
        try {
            send = MulticastSocket.class.getMethod("send", DatagramPacket.class, byte.class);
        } catch (NoSuchMethodException e) {
            throw new SocketPath.Skipped("MulticastSocket.send(DatagramPacket, byte) was removed from this JDK");
        }
        MulticastSocket socket = new MulticastSocket();
        socket.setSoTimeout(Replies.TIMEOUT_MILLIS);
        return new Conversation() {
            @Override
            public String exchange(InetSocketAddress destination) throws Exception {
                try {
                    send.invoke(socket, new DatagramPacket(REQUEST, REQUEST.length, destination), (byte) 1);
                } catch (InvocationTargetException e) {
                    throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
                }
                return receive(socket);
            }

            @Override
            public void close() {
                socket.close();
            }
        };
    }

    private static String receive(DatagramSocket socket) throws IOException {
        DatagramPacket answer = new DatagramPacket(new byte[512], 512);
        socket.receive(answer);
        return Replies.text(answer.getData(), answer.getLength());
    }
}
