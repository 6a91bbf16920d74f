package dev.nicpin.bench;

import java.io.FileDescriptor;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
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
 * What the hooks add, without the system call they precede: the bridge's {@code beforeConnect} and
 * {@code beforeSend} called directly, as the woven first instruction of {@code Net.connect} and
 * {@code DatagramChannelImpl.send} calls them, on a socket that is never connected. A connect
 * to loopback costs tens of microseconds and varies by more than the hook's cost; this is how
 * the hook's own nanoseconds and allocation show. Also one {@code getsockopt} and one
 * {@code setsockopt} through the JDK's natives, the units a matched destination pays in.
 *
 * <p>Needs the agent (with {@link PerConnect#RULES}) and {@code --add-exports
 * java.base/sun.nio.ch=ALL-UNNAMED}; {@link PerConnect} runs it in its JVMs with the agent.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED")
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class HookBenchmark {
    private static final MethodHandle BEFORE_CONNECT = bridge("NicpinBridge", "beforeConnect",
            MethodType.methodType(void.class, ProtocolFamily.class, FileDescriptor.class, InetAddress.class, int.class));
    private static final MethodHandle BEFORE_SEND = bridge("NicpinBridge", "beforeSend",
            MethodType.methodType(void.class, FileDescriptor.class, InetSocketAddress.class));
    private static final MethodHandle GET_OPTION = bridge("NicpinSockets", "getIntOption",
            MethodType.methodType(int.class, FileDescriptor.class, int.class, int.class));
    private static final MethodHandle SET_OPTION = bridge("NicpinSockets", "setIntOption",
            MethodType.methodType(void.class, FileDescriptor.class, int.class, int.class, int.class));
    private static final int SOL_SOCKET = 1;
    private static final int SO_MARK = 36;

    private SocketChannel tcp;
    private DatagramChannel udp;
    private FileDescriptor tcpFd;
    private FileDescriptor udpFd;
    private InetAddress loopback;
    private InetAddress unmatchedIpv4;
    private InetAddress unmatchedIpv6;
    private InetSocketAddress unmatchedTarget;
    private InetSocketAddress markedTarget;

    @Setup
    public void setUp() throws Exception {
        tcp = SocketChannel.open();
        udp = DatagramChannel.open().bind(null);
        tcpFd = fd(tcp);
        udpFd = fd(udp);
        loopback = InetAddress.getByName("127.0.0.1");
        unmatchedIpv4 = InetAddress.getByName("198.51.100.7");
        unmatchedIpv6 = InetAddress.getByName("2001:db8:2::7");
        unmatchedTarget = new InetSocketAddress(unmatchedIpv4, 9);
        markedTarget = new InetSocketAddress("127.0.0.2", 9);
    }

    @TearDown
    public void tearDown() throws Exception {
        tcp.close();
        udp.close();
    }

    /** No rule names 127.0.0.1. */
    @Benchmark
    public void connectHookLoopback() throws Throwable {
        BEFORE_CONNECT.invokeExact((ProtocolFamily) StandardProtocolFamily.INET6, tcpFd, loopback, 443);
    }

    /** A global IPv4 address no rule covers. */
    @Benchmark
    public void connectHookUnmatchedIpv4() throws Throwable {
        BEFORE_CONNECT.invokeExact((ProtocolFamily) StandardProtocolFamily.INET6, tcpFd, unmatchedIpv4, 443);
    }

    /** A global IPv6 address no rule covers. */
    @Benchmark
    public void connectHookUnmatchedIpv6() throws Throwable {
        BEFORE_CONNECT.invokeExact((ProtocolFamily) StandardProtocolFamily.INET6, tcpFd, unmatchedIpv6, 443);
    }

    @Benchmark
    public void sendHookUnmatched() throws Throwable {
        BEFORE_SEND.invokeExact(udpFd, unmatchedTarget);
    }

    /**
     * Every datagram after the first to a {@code mark=} destination: the socket is known to nicpin
     * already, so each option is read back and, being right, not set again.
     */
    @Benchmark
    public void sendHookMarked() throws Throwable {
        BEFORE_SEND.invokeExact(udpFd, markedTarget);
    }

    @Benchmark
    public int getsockopt() throws Throwable {
        return (int) GET_OPTION.invokeExact(udpFd, SOL_SOCKET, SO_MARK);
    }

    @Benchmark
    public void setsockopt() throws Throwable {
        SET_OPTION.invokeExact(tcpFd, SOL_SOCKET, SO_MARK, 0x10);
    }

    private static FileDescriptor fd(Object channel) throws Exception {
        return (FileDescriptor) Class.forName("sun.nio.ch.SelChImpl").getMethod("getFD").invoke(channel);
    }

    /** A static method of one of the bridge's classes (NicpinBridge: what hooks call; NicpinSockets: the natives). */
    private static MethodHandle bridge(String className, String name, MethodType type) {
        try {
            Class<?> bridge = Class.forName("sun.nio.ch." + className, false, null);
            return MethodHandles.lookup().findStatic(bridge, name, type);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("HookBenchmark needs the agent and --add-exports=java.base/sun.nio.ch=ALL-UNNAMED", e);
        }
    }
}
