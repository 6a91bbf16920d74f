package dev.nicpin.demo;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/** Reads the far side's one-line answer, never waiting longer than {@link #TIMEOUT_MILLIS}. */
final class Replies {
    static final int TIMEOUT_MILLIS = 3000;
    private static final int MAX_LINE = 512;

    private Replies() {
    }

    /** Reads up to a newline or the end of the stream; the socket's SO_TIMEOUT bounds the wait. */
    static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b = in.read(); b >= 0 && b != '\n' && line.size() < MAX_LINE; b = in.read()) {
            line.write(b);
        }
        return text(line.toByteArray(), line.size());
    }

    /** Reads a line from a connected channel, which is left non-blocking. */
    static String line(SocketChannel channel) throws IOException {
        channel.configureBlocking(false);
        ByteBuffer buffer = ByteBuffer.allocate(MAX_LINE);
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        try (Selector selector = Selector.open()) {
            channel.register(selector, SelectionKey.OP_READ);
            while (buffer.hasRemaining() && !endsWithNewline(buffer)) {
                awaitReady(selector, deadline);
                if (channel.read(buffer) < 0) {
                    break;
                }
            }
        }
        return text(buffer.array(), buffer.position());
    }

    /** Receives one datagram on a non-blocking channel. */
    static String datagram(DatagramChannel channel) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(MAX_LINE);
        long deadline = System.currentTimeMillis() + TIMEOUT_MILLIS;
        try (Selector selector = Selector.open()) {
            channel.register(selector, SelectionKey.OP_READ);
            InetSocketAddress sender;
            do {
                awaitReady(selector, deadline);
                sender = (InetSocketAddress) channel.receive(buffer);
            } while (sender == null);
        }
        return text(buffer.array(), buffer.position());
    }

    static String text(byte[] bytes, int length) throws IOException {
        String text = new String(bytes, 0, length, StandardCharsets.US_ASCII).trim();
        if (text.isEmpty()) {
            throw new IOException("the far side answered nothing");
        }
        return text;
    }

    private static boolean endsWithNewline(ByteBuffer buffer) {
        return buffer.position() > 0 && buffer.get(buffer.position() - 1) == '\n';
    }

    /** Waits until a registered channel is ready, or throws at the deadline. */
    static void awaitReady(Selector selector, long deadline) throws IOException {
        // select(0) would wait forever, and select may return 0 early: loop to the deadline.
        while (selector.select(Math.max(1, deadline - System.currentTimeMillis())) == 0) {
            if (System.currentTimeMillis() >= deadline) {
                throw new SocketTimeoutException("not ready within " + TIMEOUT_MILLIS + " ms");
            }
        }
        selector.selectedKeys().clear();
    }
}
