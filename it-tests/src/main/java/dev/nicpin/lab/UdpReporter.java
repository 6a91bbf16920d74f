package dev.nicpin.lab;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;

/**
 * Answers each UDP datagram that arrives on one interface for one local address with a
 * {@link Report} datagram.
 *
 * <p>Why one socket per address and not one on the wildcard: a reply must come from the
 * address the client sent to, or a connected client socket drops it, and Java cannot read
 * the destination of a datagram (IP_PKTINFO) to choose the source per reply. The interface is
 * told the same way as for TCP: the socket is bound to its device before bind.
 */
final class UdpReporter implements Runnable {
    private final String nic;
    private final DatagramChannel socket;

    UdpReporter(String nic, InetAddress address, int port) throws IOException {
        this.nic = nic;
        this.socket = DatagramChannel.open();
        SocketOptions.bindToInterface(socket, nic);
        socket.bind(new InetSocketAddress(address, port));
    }

    @Override
    public void run() {
        ByteBuffer datagram = ByteBuffer.allocate(2048);
        while (true) {
            try {
                datagram.clear();
                InetSocketAddress sender = (InetSocketAddress) socket.receive(datagram);
                String report = new Report(sender.getAddress(), nic) + "\n";
                socket.send(ByteBuffer.wrap(report.getBytes(StandardCharsets.US_ASCII)), sender);
            } catch (IOException e) {
                System.err.println("udp " + nic + ": " + e);
            }
        }
    }
}
