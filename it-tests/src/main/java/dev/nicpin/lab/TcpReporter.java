package dev.nicpin.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;

/**
 * Listens on one TCP port for connections arriving on one interface and answers each with a
 * {@link Report}: either the bare line (then closes), or, for HTTP, a 200 response whose body
 * is the line, after reading the request head.
 *
 * <p>Why one listener per interface: a listener bound to a device (SO_BINDTOIFINDEX) only
 * receives connections that arrived on that device, so which listener accepted tells the
 * interface, independently of the source address. Listeners on the same port bound to
 * different devices do not conflict.
 */
final class TcpReporter implements Runnable {
    private static final int READ_TIMEOUT_MILLIS = 3000;
    private static final int MAX_REQUEST_HEAD = 8192;
    /**
     * Connections the kernel holds for accept: the JDK's default of 50 overflows under the load
     * tests' hundreds of concurrent connects, and an overflowing queue drops the client's last
     * handshake packet, so the client, connected as far as it knows, waits for an answer in vain.
     * The kernel caps it at net.core.somaxconn (4096 by default since Linux 5.4).
     */
    private static final int BACKLOG = 4096;

    private final String nic;
    private final boolean http;
    private final ServerSocketChannel listener;
    private final ExecutorService workers;

    TcpReporter(String nic, int port, boolean http, ExecutorService workers) throws IOException {
        this.nic = nic;
        this.http = http;
        this.workers = workers;
        this.listener = ServerSocketChannel.open();
        SocketOptions.bindToInterface(listener, nic);
        listener.bind(new InetSocketAddress(port), BACKLOG);   // the wildcard of a dual-stack socket: IPv4 and IPv6
    }

    @Override
    public void run() {
        while (true) {
            try {
                SocketChannel connection = listener.accept();
                workers.execute(() -> answer(connection));
            } catch (IOException e) {
                System.err.println("tcp " + nic + ": accept failed: " + e);
            }
        }
    }

    private void answer(SocketChannel connection) {
        try (Socket socket = connection.socket()) {
            socket.setSoTimeout(READ_TIMEOUT_MILLIS);
            String report = new Report(socket.getInetAddress(), nic) + "\n";
            OutputStream out = socket.getOutputStream();
            if (http) {
                readRequestHead(socket.getInputStream());
                byte[] body = report.getBytes(StandardCharsets.US_ASCII);
                out.write(("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length
                        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(body);
            } else {
                out.write(report.getBytes(StandardCharsets.US_ASCII));
            }
            out.flush();
        } catch (IOException e) {
            System.err.println("tcp " + nic + ": " + e);
        }
    }

    /** Reads up to the blank line that ends the head; closing with unread input would reset the connection. */
    private static void readRequestHead(InputStream in) throws IOException {
        int last4 = 0;
        for (int n = 0; n < MAX_REQUEST_HEAD; n++) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            last4 = last4 << 8 | b;
            if (last4 == 0x0d0a0d0a) {
                return;
            }
        }
        throw new IOException("request head longer than " + MAX_REQUEST_HEAD + " bytes");
    }
}
