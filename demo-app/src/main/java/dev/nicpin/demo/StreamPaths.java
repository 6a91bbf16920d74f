package dev.nicpin.demo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.List;

/** TCP through {@link Socket}: the classic socket and the one a {@link SocketChannel} adapts. */
final class StreamPaths {

    private StreamPaths() {
    }

    static List<SocketPath> all() {
        return Arrays.asList(
                new SocketPath("socket-connect", Transport.TCP, () -> StreamPaths::connect),
                new SocketPath("socket-connect-timeout", Transport.TCP, () -> StreamPaths::connectWithTimeout),
                new SocketPath("channel-adaptor-connect", Transport.TCP, () -> StreamPaths::adaptorConnect));
    }

    private static String connect(InetSocketAddress destination) throws IOException {
        // The constructor connects, with no timeout of its own: Main's watchdog bounds it.
        try (Socket socket = new Socket(destination.getAddress(), destination.getPort())) {
            return readAnswer(socket);
        }
    }

    private static String connectWithTimeout(InetSocketAddress destination) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(destination, Replies.TIMEOUT_MILLIS);
            return readAnswer(socket);
        }
    }

    private static String adaptorConnect(InetSocketAddress destination) throws IOException {
        try (SocketChannel channel = SocketChannel.open()) {
            Socket socket = channel.socket();
            socket.connect(destination, Replies.TIMEOUT_MILLIS);
            return readAnswer(socket);
        }
    }

    private static String readAnswer(Socket socket) throws IOException {
        socket.setSoTimeout(Replies.TIMEOUT_MILLIS);
        return Replies.line(socket.getInputStream());
    }
}
