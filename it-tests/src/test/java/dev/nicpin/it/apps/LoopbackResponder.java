package dev.nicpin.it.apps;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;

/**
 * A far side on 127.0.0.1, inside the test application, for destinations no rule may touch:
 * it answers every TCP connection and every datagram with the line {@code loopback}.
 */
final class LoopbackResponder implements AutoCloseable {
    private static final byte[] ANSWER = "loopback\n".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket tcp;
    private final DatagramChannel udp;

    private LoopbackResponder(ServerSocket tcp, DatagramChannel udp) {
        this.tcp = tcp;
        this.udp = udp;
    }

    static LoopbackResponder start() throws IOException {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        LoopbackResponder responder = new LoopbackResponder(new ServerSocket(0, 50, loopback),
                DatagramChannel.open().bind(new InetSocketAddress(loopback, 0)));
        daemon(responder::answerConnections);
        daemon(responder::answerDatagrams);
        return responder;
    }

    InetSocketAddress tcp() {
        return (InetSocketAddress) tcp.getLocalSocketAddress();
    }

    InetSocketAddress udp() throws IOException {
        return (InetSocketAddress) udp.getLocalAddress();
    }

    @Override
    public void close() throws IOException {
        tcp.close();
        udp.close();
    }

    private void answerConnections() {
        while (!tcp.isClosed()) {
            try (Socket connection = tcp.accept(); OutputStream out = connection.getOutputStream()) {
                out.write(ANSWER);
            } catch (IOException closedOrReset) {
                // the next accept tells which
            }
        }
    }

    private void answerDatagrams() {
        ByteBuffer request = ByteBuffer.allocate(512);
        while (udp.isOpen()) {
            try {
                request.clear();
                SocketAddress sender = udp.receive(request);
                udp.send(ByteBuffer.wrap(ANSWER), sender);
            } catch (IOException closed) {
                // the loop condition tells
            }
        }
    }

    private static void daemon(Runnable task) {
        Thread thread = new Thread(task, "loopback-responder");
        thread.setDaemon(true);
        thread.start();
    }
}
