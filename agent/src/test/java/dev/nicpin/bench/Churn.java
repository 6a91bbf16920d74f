package dev.nicpin.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;

/**
 * Connects (tcp) or sends a datagram (udp) N times over loopback, taking the destinations in turn,
 * so that {@code strace -f -e trace=getsockopt,setsockopt} can count the system calls the agent adds
 * to each. Like an application that opens and closes connections, every TCP connect gets a new
 * socket, which the kernel gives the lowest free file descriptor number; all datagrams leave by one
 * socket.
 *
 * <p>Arguments: {@code tcp|udp}, destinations joined by commas (e.g. {@code 127.0.0.1,127.0.0.2}), N.
 */
public final class Churn {
    private Churn() {
    }

    public static void main(String[] args) throws IOException {
        String[] hosts = args[1].split(",");
        int count = Integer.parseInt(args[2]);
        if (args[0].equals("tcp")) {
            try (ServerSocket listener = new ServerSocket(0, 4096)) {
                Thread acceptor = new Thread(() -> acceptAndClose(listener), "acceptor");
                acceptor.setDaemon(true);
                acceptor.start();
                for (int i = 0; i < count; i++) {
                    try (Socket socket = new Socket()) {
                        socket.connect(new InetSocketAddress(hosts[i % hosts.length], listener.getLocalPort()));
                    }
                }
            }
        } else {
            try (DatagramChannel receiver = DatagramChannel.open().bind(new InetSocketAddress(0));
                 DatagramChannel sender = DatagramChannel.open()) {
                int port = ((InetSocketAddress) receiver.getLocalAddress()).getPort();
                ByteBuffer datagram = ByteBuffer.allocate(64);
                for (int i = 0; i < count; i++) {
                    datagram.clear();
                    sender.send(datagram, new InetSocketAddress(hosts[i % hosts.length], port));
                }
            }
        }
    }

    private static void acceptAndClose(ServerSocket listener) {
        try {
            while (true) {
                listener.accept().close();
            }
        } catch (IOException closed) {
            // the listener is closed: done
        }
    }
}
