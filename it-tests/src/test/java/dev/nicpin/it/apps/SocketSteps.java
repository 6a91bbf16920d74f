package dev.nicpin.it.apps;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;

/**
 * A test application that takes steps in order, one datagram channel serving all datagram
 * steps until {@code new}, and prints what the far side answered to each step:
 *
 * <pre>
 * java dev.nicpin.it.apps.SocketSteps TCP_PORT UDP_PORT STEP...
 *
 *   tcp:HOST       a new Socket connects to HOST:TCP_PORT and reads the answer
 *   send:HOST      the datagram channel sends a datagram to HOST:UDP_PORT, unconnected
 *   connect:HOST   the datagram channel connects to HOST:UDP_PORT, sends, and disconnects
 *   reconnect:HOST the channel's DatagramSocket connects to HOST:UDP_PORT, connected or not (which
 *                  DatagramSocket allows and DatagramChannel does not), sends, and stays connected
 *   new            the steps after this one use a new datagram channel
 * </pre>
 *
 * HOST is a numeric address, or {@code loopback}: the app's own {@link LoopbackResponder} on
 * 127.0.0.1. Output: one line {@code STEP OUTCOME} per step but {@code new}, where OUTCOME is
 * the answer or {@code FAILED: EXCEPTION-CLASS: MESSAGE}.
 */
public final class SocketSteps {

    private SocketSteps() {
    }

    public static void main(String[] args) throws IOException {
        int tcpPort = Integer.parseInt(args[0]);
        int udpPort = Integer.parseInt(args[1]);
        try (LoopbackResponder loopback = LoopbackResponder.start()) {
            DatagramChannel channel = DatagramChannel.open();
            for (int i = 2; i < args.length; i++) {
                String step = args[i];
                if (step.equals("new")) {
                    channel.close();
                    channel = DatagramChannel.open();
                    continue;
                }
                String kind = step.substring(0, step.indexOf(':'));
                String host = step.substring(step.indexOf(':') + 1);
                boolean toLoopback = host.equals("loopback");
                InetSocketAddress tcp = toLoopback ? loopback.tcp() : new InetSocketAddress(host, tcpPort);
                InetSocketAddress udp = toLoopback ? loopback.udp() : new InetSocketAddress(host, udpPort);
                DatagramChannel datagrams = channel;
                String outcome = Exchanges.outcome(() -> switch (kind) {
                    case "tcp" -> Exchanges.overSocket(tcp);
                    case "send" -> Exchanges.send(datagrams, udp);
                    case "connect" -> Exchanges.connectAndSend(datagrams, udp);
                    case "reconnect" -> Exchanges.reconnectAndSend(datagrams, udp);
                    default -> throw new IllegalArgumentException("unknown step " + step);
                });
                System.out.println(step + " " + outcome);
            }
            channel.close();
        }
    }
}
