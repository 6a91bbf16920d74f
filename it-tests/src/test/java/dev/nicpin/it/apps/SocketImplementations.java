package dev.nicpin.it.apps;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;

/**
 * A test application that says which implementation {@code java.net.Socket} and
 * {@code DatagramSocket} have in this JVM, as the JDK's own classes on the stack of an exception
 * each throws show it: a connect refused on loopback, a receive that times out.
 *
 * <pre>
 * java dev.nicpin.it.apps.SocketImplementations
 * </pre>
 *
 * Output: {@code socket CLASS} and {@code datagram-socket CLASS}, CLASS being the legacy
 * implementation ({@code java.net.AbstractPlainSocketImpl}, {@code java.net.AbstractPlainDatagramSocketImpl})
 * or the NIO one ({@code sun.nio.ch.NioSocketImpl}, {@code sun.nio.ch.DatagramChannelImpl}),
 * whichever is on the stack, else {@code unknown:} and the stack.
 */
public final class SocketImplementations {
    private static final List<String> SOCKET =
            Arrays.asList("java.net.AbstractPlainSocketImpl", "sun.nio.ch.NioSocketImpl");
    private static final List<String> DATAGRAM_SOCKET =
            Arrays.asList("java.net.AbstractPlainDatagramSocketImpl", "sun.nio.ch.DatagramChannelImpl");

    private SocketImplementations() {
    }

    public static void main(String[] args) throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        int closedPort;
        try (ServerSocket server = new ServerSocket(0, 1, loopback)) {
            closedPort = server.getLocalPort();
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(loopback, closedPort), 3000);
            System.out.println("socket unknown: connected to a closed port");
        } catch (IOException refused) {
            System.out.println("socket " + implementation(refused, SOCKET));
        }
        try (DatagramSocket socket = new DatagramSocket(0, loopback)) {
            socket.setSoTimeout(1);
            socket.receive(new DatagramPacket(new byte[1], 1));
            System.out.println("datagram-socket unknown: received a datagram nobody sent");
        } catch (IOException timedOut) {
            System.out.println("datagram-socket " + implementation(timedOut, DATAGRAM_SOCKET));
        }
    }

    private static String implementation(Throwable thrown, List<String> candidates) {
        for (StackTraceElement frame : thrown.getStackTrace()) {
            if (candidates.contains(frame.getClassName())) {
                return frame.getClassName();
            }
        }
        return ("unknown: " + thrown + " at " + Arrays.toString(thrown.getStackTrace())).replace('\n', ' ');
    }
}
