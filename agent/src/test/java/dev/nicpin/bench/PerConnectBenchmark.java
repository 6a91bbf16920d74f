package dev.nicpin.bench;

import java.io.FileDescriptor;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One TCP connect (and close) and one unconnected datagram send, all on loopback, to a destination
 * no rule matches (127.0.0.1) and to two that {@link PerConnect#RULES} pin: 127.0.0.2 by
 * {@code mark=0x10}, 127.0.0.3 by {@code dev=lo}. {@link PerConnect} runs the same methods in forks
 * with the agent and without it; run alone, this class measures the JVM it is given.
 *
 * <p>Both forks get {@code --add-exports java.base/sun.nio.ch=ALL-UNNAMED}, only so that the set-up
 * can read a socket's options back through the bridge and refuse to measure an agent that pins
 * nothing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class PerConnectBenchmark {
    /** Set to {@code agent} by {@link PerConnect} in the forks that run with the agent. */
    static final String VARIANT = "bench.variant";

    private static final int SO_MARK = 36;
    private static final int SO_BINDTOIFINDEX = 62;
    private static final int IP_UNICAST_IF = 50;

    private ServerSocket listener;
    private Thread acceptor;
    private DatagramChannel receiver;
    private DatagramChannel sender;
    private final ByteBuffer datagram = ByteBuffer.allocate(64);
    private InetSocketAddress tcpUnmatched;
    private InetSocketAddress tcpMarked;
    private InetSocketAddress tcpDevice;
    private InetSocketAddress udpUnmatched;
    private InetSocketAddress udpMarked;
    private InetSocketAddress udpDevice;

    @Setup
    public void setUp() throws Exception {
        // The wildcard address serves 127.0.0.1, .2 and .3 alike.
        listener = new ServerSocket(0, 4096);
        acceptor = new Thread(this::acceptAndClose, "acceptor");
        acceptor.setDaemon(true);
        acceptor.start();
        receiver = DatagramChannel.open().bind(new InetSocketAddress(0));
        // Nobody reads: once the receive buffer is full the kernel drops what arrives, at the same cost with or without the agent.
        sender = DatagramChannel.open();
        tcpUnmatched = loopback(1, listener.getLocalPort());
        tcpMarked = loopback(2, listener.getLocalPort());
        tcpDevice = loopback(3, listener.getLocalPort());
        int port = ((InetSocketAddress) receiver.getLocalAddress()).getPort();
        udpUnmatched = loopback(1, port);
        udpMarked = loopback(2, port);
        udpDevice = loopback(3, port);
        checkPinning();
    }

    @TearDown
    public void tearDown() throws IOException {
        listener.close();
        receiver.close();
        sender.close();
    }

    @Benchmark
    public void tcpConnectUnmatched() throws IOException {
        connect(tcpUnmatched);
    }

    @Benchmark
    public void tcpConnectMarked() throws IOException {
        connect(tcpMarked);
    }

    @Benchmark
    public void tcpConnectDevice() throws IOException {
        connect(tcpDevice);
    }

    @Benchmark
    public int udpSendUnmatched() throws IOException {
        return send(udpUnmatched);
    }

    @Benchmark
    public int udpSendMarked() throws IOException {
        return send(udpMarked);
    }

    @Benchmark
    public int udpSendDevice() throws IOException {
        return send(udpDevice);
    }

    private static void connect(InetSocketAddress destination) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(destination);
        }
    }

    private int send(InetSocketAddress destination) throws IOException {
        datagram.clear();
        return sender.send(datagram, destination);
    }

    private void acceptAndClose() {
        while (!listener.isClosed()) {
            try {
                listener.accept().close();
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static InetSocketAddress loopback(int host, int port) throws IOException {
        return new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) host}), port);
    }

    /** With the agent, the pinned destinations must get their option and the other none; without it, none at all. */
    private void checkPinning() throws Exception {
        boolean agent = "agent".equals(System.getProperty(VARIANT));
        int lo = java.net.NetworkInterface.getByName("lo").getIndex();
        expect(tcpOption(tcpUnmatched, SO_MARK), 0, "SO_MARK after a connect to 127.0.0.1");
        expect(tcpOption(tcpMarked, SO_MARK), agent ? 0x10 : 0, "SO_MARK after a connect to 127.0.0.2");
        expect(tcpOption(tcpDevice, SO_BINDTOIFINDEX), agent ? lo : 0, "SO_BINDTOIFINDEX after a connect to 127.0.0.3");
        try (DatagramChannel probe = DatagramChannel.open()) {
            probe.send(ByteBuffer.allocate(1), udpDevice);
            expect(option(probe, 0, IP_UNICAST_IF), agent ? Integer.reverseBytes(lo) : 0, "IP_UNICAST_IF after a send to 127.0.0.3");
            probe.send(ByteBuffer.allocate(1), udpMarked);
            expect(option(probe, 1, SO_MARK), agent ? 0x10 : 0, "SO_MARK after a send to 127.0.0.2");
            expect(option(probe, 0, IP_UNICAST_IF), 0, "IP_UNICAST_IF after a send to 127.0.0.2");
            probe.send(ByteBuffer.allocate(1), udpUnmatched);
            expect(option(probe, 1, SO_MARK), 0, "SO_MARK after a send to 127.0.0.1");
        }
    }

    private static int tcpOption(InetSocketAddress destination, int option) throws Exception {
        try (SocketChannel channel = SocketChannel.open(destination)) {
            return option(channel, 1, option);
        }
    }

    /** getsockopt through the bridge's natives, or 0 without the agent. */
    private static int option(Object channel, int level, int option) throws Exception {
        Class<?> bridge;
        try {
            bridge = Class.forName("sun.nio.ch.NicpinSockets", false, null);
        } catch (ClassNotFoundException noAgent) {
            return 0;
        }
        FileDescriptor fd = (FileDescriptor) Class.forName("sun.nio.ch.SelChImpl").getMethod("getFD").invoke(channel);
        Method get = bridge.getMethod("getIntOption", FileDescriptor.class, int.class, int.class);
        return (Integer) get.invoke(null, fd, level, option);
    }

    private static void expect(int actual, int expected, String what) {
        if (actual != expected) {
            throw new IllegalStateException(what + ": " + actual + ", expected " + expected
                    + " (is the agent in place, with the rules of PerConnect, and are we root for SO_MARK?)");
        }
    }
}
