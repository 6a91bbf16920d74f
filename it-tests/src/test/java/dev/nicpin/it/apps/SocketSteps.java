package dev.nicpin.it.apps;

import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;

/**
 * A test application that takes steps in order, one datagram channel and one DatagramSocket
 * serving all datagram steps until {@code new}, and prints what the far side answered to each
 * step:
 *
 * <pre>
 * java dev.nicpin.it.apps.SocketSteps TCP_PORT UDP_PORT STEP...
 *
 *   tcp:HOST       a new Socket connects to HOST:TCP_PORT and reads the answer
 *   send:HOST      the datagram channel sends a datagram to HOST:UDP_PORT, unconnected
 *   connect:HOST   the datagram channel connects to HOST:UDP_PORT, sends, and disconnects
 *   reconnect:HOST the DatagramSocket connects to HOST:UDP_PORT, connected or not (which
 *                  DatagramSocket allows and DatagramChannel does not), sends, and stays connected
 *   new            the steps after this one use a new datagram channel and DatagramSocket
 *   wait           prints {@code waiting} and sleeps until killed, its sockets closed
 * </pre>
 *
 * The DatagramSocket is a {@code new DatagramSocket()}, not a channel's adaptor: on JDK 8 and 11,
 * and 17 with {@code -Djdk.net.usePlainDatagramSocketImpl=true}, only that one has the plain
 * implementation, which nicpin hooks apart; and on 8 and 11 an adaptor cannot be connected again.
 *
 * HOST is a numeric address, or {@code loopback}: the app's own {@link LoopbackResponder} on
 * 127.0.0.1. Output: one line {@code STEP OUTCOME} per step but {@code new} and {@code wait}, where OUTCOME is
 * the answer or {@code FAILED: EXCEPTION-CLASS: MESSAGE}.
 */
public final class SocketSteps {

    private SocketSteps() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        int tcpPort = Integer.parseInt(args[0]);
        int udpPort = Integer.parseInt(args[1]);
        try (LoopbackResponder loopback = LoopbackResponder.start()) {
            DatagramChannel channel = DatagramChannel.open();
            DatagramSocket socket = new DatagramSocket();
            for (int i = 2; i < args.length; i++) {
                String step = args[i];
                if (step.equals("wait")) {
                    channel.close();
                    socket.close();
                    System.out.println("waiting");
                    Thread.sleep(Long.MAX_VALUE);
                }
                if (step.equals("new")) {
                    channel.close();
                    socket.close();
                    channel = DatagramChannel.open();
                    socket = new DatagramSocket();
                    continue;
                }
                String kind = step.substring(0, step.indexOf(':'));
                String host = step.substring(step.indexOf(':') + 1);
                boolean toLoopback = host.equals("loopback");
                InetSocketAddress tcp = toLoopback ? loopback.tcp() : new InetSocketAddress(host, tcpPort);
                InetSocketAddress udp = toLoopback ? loopback.udp() : new InetSocketAddress(host, udpPort);
                DatagramChannel datagramChannel = channel;
                DatagramSocket datagramSocket = socket;
                String outcome = Exchanges.outcome(() -> take(kind, tcp, udp, datagramChannel, datagramSocket));
                System.out.println(step + " " + outcome);
            }
            channel.close();
            socket.close();
        }
    }

    private static String take(String kind, InetSocketAddress tcp, InetSocketAddress udp, DatagramChannel channel,
                               DatagramSocket socket) throws IOException {
        switch (kind) {
            case "tcp":
                return Exchanges.overSocket(tcp);
            case "send":
                return Exchanges.send(channel, udp);
            case "connect":
                return Exchanges.connectAndSend(channel, udp);
            case "reconnect":
                return Exchanges.reconnectAndSend(socket, udp);
            default:
                throw new IllegalArgumentException("unknown kind of step: " + kind);
        }
    }
}
