package dev.nicpin.lab;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;

/**
 * The lab's own check that it can tell interfaces apart: connects (TCP) and sends (UDP) to
 * the lab server with socket settings the kernel routes by, and prints the server's answers.
 * It does what the agent will do, by hand, so a test can prove that traffic that really takes
 * nic1 is reported as such.
 *
 * <pre>
 * java --add-opens java.base/sun.nio.ch=ALL-UNNAMED dev.nicpin.lab.LabProbe \
 *      HOST TCP_PORT UDP_PORT SETTINGS...
 * </pre>
 *
 * SETTINGS is {@code default} or {@code +}-joined {@code dev=NIC}, {@code mark=N} (decimal or
 * 0x-hex), {@code src=ADDRESS}, e.g. {@code dev=nic0+src=10.77.1.1}. Output: one line per
 * setting and transport, {@code SETTINGS tcp|udp ANSWER}, where ANSWER is the server's report
 * or {@code FAILED: EXCEPTION}.
 */
public final class LabProbe {
    private static final int TIMEOUT_MILLIS = 3000;

    public static void main(String[] args) {
        InetAddress host;
        try {
            host = InetAddress.getByName(args[0]);
        } catch (IOException | RuntimeException e) {
            System.err.println("usage: LabProbe HOST TCP_PORT UDP_PORT SETTINGS...");
            System.exit(2);
            return;
        }
        InetSocketAddress tcp = new InetSocketAddress(host, Integer.parseInt(args[1]));
        InetSocketAddress udp = new InetSocketAddress(host, Integer.parseInt(args[2]));
        for (int i = 3; i < args.length; i++) {
            String settings = args[i];
            System.out.println(settings + " tcp " + answer(() -> overTcp(settings, tcp)));
            System.out.println(settings + " udp " + answer(() -> overUdp(settings, udp)));
        }
    }

    private interface Exchange {
        String run() throws IOException;
    }

    private static String answer(Exchange exchange) {
        try {
            return exchange.run();
        } catch (IOException | RuntimeException e) {
            return "FAILED: " + e;
        }
    }

    private static String overTcp(String settings, InetSocketAddress destination) throws IOException {
        try (SocketChannel channel = SocketChannel.open()) {
            apply(settings, channel);
            channel.socket().connect(destination, TIMEOUT_MILLIS);
            channel.socket().setSoTimeout(TIMEOUT_MILLIS);
            byte[] answer = channel.socket().getInputStream().readNBytes(512);
            return new String(answer, StandardCharsets.US_ASCII).strip();
        }
    }

    private static String overUdp(String settings, InetSocketAddress destination) throws IOException {
        try (DatagramChannel channel = DatagramChannel.open()) {
            apply(settings, channel);
            channel.connect(destination);
            channel.socket().setSoTimeout(TIMEOUT_MILLIS);
            channel.socket().send(new DatagramPacket(new byte[] {'?'}, 1));
            DatagramPacket answer = new DatagramPacket(new byte[512], 512);
            channel.socket().receive(answer);
            return new String(answer.getData(), 0, answer.getLength(), StandardCharsets.US_ASCII).strip();
        }
    }

    /** Applies the settings before connect, as the kernel only routes by them then. */
    private static void apply(String settings, NetworkChannel channel) throws IOException {
        for (String setting : settings.split("\\+")) {
            String[] keyValue = setting.split("=", 2);
            switch (keyValue[0]) {
                case "default" -> { }
                case "dev" -> SocketOptions.bindToInterface(channel, keyValue[1]);
                case "mark" -> SocketOptions.mark(channel, Integer.decode(keyValue[1]));
                case "src" -> channel.bind(new InetSocketAddress(InetAddress.getByName(keyValue[1]), 0));
                default -> throw new IllegalArgumentException("unknown setting " + setting);
            }
        }
    }
}
