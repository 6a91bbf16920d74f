package dev.nicpin.demo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * UDP through {@link DatagramChannel}. The channel is non-blocking so that waiting for the
 * answer can be bounded; sending one small datagram never has to wait either way.
 */
final class DatagramChannelPaths {

    private DatagramChannelPaths() {
    }

    static List<SocketPath> all() {
        return Arrays.asList(
                new SocketPath("datagram-channel-connected", Transport.UDP, () -> open(true)),
                new SocketPath("datagram-channel-send", Transport.UDP, () -> open(false)));
    }

    private static Conversation open(boolean connect) throws IOException {
        DatagramChannel channel = DatagramChannel.open();
        channel.configureBlocking(false);
        return new Conversation() {
            @Override
            public String exchange(InetSocketAddress destination) throws IOException {
                if (!connect) {
                    channel.send(request(), destination);
                    return Replies.datagram(channel);
                }
                channel.connect(destination);
                try {
                    channel.write(request());
                    return Replies.datagram(channel);
                } finally {
                    channel.disconnect();
                }
            }

            @Override
            public void close() throws IOException {
                channel.close();
            }
        };
    }

    private static ByteBuffer request() {
        return ByteBuffer.wrap("nicpin-demo\n".getBytes(StandardCharsets.US_ASCII));
    }
}
