package dev.nicpin.demo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** TCP through NIO channels: blocking, non-blocking and asynchronous connects. */
final class ChannelPaths {

    private ChannelPaths() {
    }

    static List<SocketPath> all() {
        return Arrays.asList(
                new SocketPath("channel-connect-blocking", Transport.TCP, () -> ChannelPaths::blocking),
                new SocketPath("channel-connect-nonblocking", Transport.TCP, () -> ChannelPaths::nonBlocking),
                new SocketPath("async-channel-connect", Transport.TCP, () -> ChannelPaths::asynchronous));
    }

    private static String blocking(InetSocketAddress destination) throws IOException {
        try (SocketChannel channel = SocketChannel.open()) {
            channel.connect(destination);
            return Replies.line(channel);
        }
    }

    private static String nonBlocking(InetSocketAddress destination) throws IOException {
        try (SocketChannel channel = SocketChannel.open(); Selector selector = Selector.open()) {
            channel.configureBlocking(false);
            if (!channel.connect(destination)) {
                channel.register(selector, SelectionKey.OP_CONNECT);
                Replies.awaitReady(selector, System.currentTimeMillis() + Replies.TIMEOUT_MILLIS);
                channel.finishConnect();
            }
            return Replies.line(channel);
        }
    }

    private static String asynchronous(InetSocketAddress destination) throws Exception {
        try (AsynchronousSocketChannel channel = AsynchronousSocketChannel.open()) {
            await(channel.connect(destination));
            ByteBuffer answer = ByteBuffer.allocate(512);
            while (answer.hasRemaining() && await(channel.read(answer)) >= 0) {
                // the far side closes after its one line
            }
            return Replies.text(answer.array(), answer.position());
        }
    }

    private static <T> T await(Future<T> operation) throws Exception {
        try {
            return operation.get(Replies.TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        } catch (TimeoutException e) {
            operation.cancel(true);
            throw new SocketTimeoutException("no completion within " + Replies.TIMEOUT_MILLIS + " ms");
        }
    }
}
