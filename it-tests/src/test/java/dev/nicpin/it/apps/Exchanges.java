package dev.nicpin.it.apps;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * One request and its one-line answer over each kind of JDK socket, as the test applications
 * use them; every wait is bounded by {@link #TIMEOUT_MILLIS}.
 */
final class Exchanges {
    private static final int TIMEOUT_MILLIS = 3000;
    private static final byte[] REQUEST = "nicpin-it\n".getBytes(StandardCharsets.US_ASCII);

    interface Exchange {
        String run() throws Exception;
    }

    private Exchanges() {
    }

    /** The answer, or {@code FAILED: EXCEPTION-CLASS: MESSAGE} on one line. */
    static String outcome(Exchange exchange) {
        try {
            return exchange.run();
        } catch (Exception e) {
            return ("FAILED: " + e.getClass().getName() + ": " + e.getMessage()).replace('\n', ' ');
        }
    }

    static String overSocket(InetSocketAddress destination) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(destination, TIMEOUT_MILLIS);
            socket.setSoTimeout(TIMEOUT_MILLIS);
            return line(socket.getInputStream());
        }
    }

    static String overSocketChannel(InetSocketAddress destination) throws IOException {
        try (SocketChannel channel = SocketChannel.open(destination)) {
            channel.socket().setSoTimeout(TIMEOUT_MILLIS);   // honoured by the adaptor's stream only
            return line(channel.socket().getInputStream());
        }
    }

    /** An unconnected datagram to the destination, then its answer. */
    static String send(DatagramSocket socket, InetSocketAddress destination) throws IOException {
        socket.send(new DatagramPacket(REQUEST, REQUEST.length, destination));
        return receive(socket);
    }

    /** An unconnected datagram from a blocking channel, then its answer. */
    static String send(DatagramChannel channel, InetSocketAddress destination) throws IOException {
        channel.send(ByteBuffer.wrap(REQUEST), destination);
        return receive(channel.socket());
    }

    /** Connects the blocking channel, sends a datagram, reads the answer, and disconnects again. */
    static String connectAndSend(DatagramChannel channel, InetSocketAddress destination) throws IOException {
        channel.connect(destination);
        try {
            channel.write(ByteBuffer.wrap(REQUEST));
            return receive(channel.socket());
        } finally {
            channel.disconnect();
        }
    }

    /** Connects the DatagramSocket, connected or not, sends a datagram and reads the answer; stays connected. */
    static String reconnectAndSend(DatagramSocket socket, InetSocketAddress destination) throws IOException {
        socket.connect(destination);
        socket.send(new DatagramPacket(REQUEST, REQUEST.length));
        return receive(socket);
    }

    private static String receive(DatagramSocket socket) throws IOException {
        socket.setSoTimeout(TIMEOUT_MILLIS);
        DatagramPacket answer = new DatagramPacket(new byte[512], 512);
        socket.receive(answer);
        return new String(answer.getData(), 0, answer.getLength(), StandardCharsets.US_ASCII).trim();
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int b = in.read(); b >= 0 && b != '\n'; b = in.read()) {
            line.append((char) b);
        }
        return line.toString().trim();
    }
}
