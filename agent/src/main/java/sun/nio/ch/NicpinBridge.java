package sun.nio.ch;

import java.io.FileDescriptor;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Field;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.DatagramSocketImpl;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketException;
import java.net.SocketImpl;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What the instrumented methods call: the JDK's directly, Netty's through
 * {@code java.net.NicpinGate}. The agent reaches sockets through {@link NicpinSockets}.
 *
 * <p>The agent defines this class inside {@code java.base} (on JDK 8: in the bootstrap loader),
 * in this package because it is not exported: the application cannot link against it, while
 * it reaches {@code Net}'s and {@code IOUtil}'s natives without opening anything further. Its
 * signatures use JDK types only, because the agent's classes live in a loader the JDK cannot
 * see: the agent hands in its entry points as an implementation of {@link Agent}. A fault of
 * the bridge itself goes to the agent too, which applies the {@code onError} policy to it: it
 * never passes silently.
 *
 * <p>The agent finishes starting in the background, so a hook may fire before its entry points
 * are installed: then it waits for them ({@link #awaitAgent}).
 */
public final class NicpinBridge {

    /** How long a hook waits for the agent to finish starting; long enough for a starved CPU, short of a hang. */
    private static final long AGENT_WAIT_SECONDS = 10;
    /** Counted down when the agent installs its entry points. */
    private static final CountDownLatch INSTALLED = new CountDownLatch(1);
    /** Whether a hook that waited in vain refuses (onError=fail) or lets the socket go unpinned. */
    private static volatile boolean refuseIfNeverConnected = true;
    /** Set once one hook has waited in vain: the others then no longer wait. */
    private static volatile boolean gaveUpWaiting;

    /** Null until the agent is ready. */
    private static volatile Agent agent;

    /** {@code <sys/socket.h>}: what {@link #beforeQueuedSend} asks a socket. */
    private static final int SOL_SOCKET = 1;
    private static final int SO_TYPE = 3;
    private static final int SOCK_STREAM = 1;

    /** {@code DatagramSocket.ST_CONNECTED} (JDK 8 to 14): connected in the kernel, not just emulated. */
    private static final int KERNEL_CONNECTED = 1;

    private NicpinBridge() {
    }

    /** The agent's entry points. */
    public interface Agent {
        void beforeConnect(ProtocolFamily family, FileDescriptor fd, InetAddress address, int port)
                throws SocketException;

        void beforeSend(FileDescriptor fd, InetSocketAddress target) throws SocketException;

        /**
         * Datagrams to {@code targets} (none null) about to leave in one system call, with one value
         * of each socket option for all: applies the first one's rule.
         *
         * @return how many from the first on share its rule (at least 1)
         */
        int beforeSendBatch(FileDescriptor fd, InetSocketAddress[] targets) throws SocketException;

        /**
         * An unconnected datagram that io_uring queues: it leaves when the kernel runs it, with the
         * options its socket has then, as do the others queued with it.
         *
         * @param socket Netty's socket object: tells this socket from a later one with the same number
         */
        void beforeQueuedSend(FileDescriptor fd, Object socket, InetSocketAddress target) throws SocketException;

        /** A fault of the bridge: under {@code onError=fail} it throws the application's SocketException. */
        void fault(Throwable fault) throws SocketException;
    }

    /** Installs the agent's entry points; the hooks wait for this. */
    public static void install(Agent entryPoints) {
        agent = entryPoints;
        INSTALLED.countDown();
    }

    public static void refuseIfNeverConnected(boolean refuse) {
        refuseIfNeverConnected = refuse;
    }

    /**
     * Waits until the agent has installed its entry points, for {@value #AGENT_WAIT_SECONDS} s at
     * most, the first time. Should they not come (the agent's start hangs, say on a rules file on
     * a dead NFS mount), or the thread be interrupted: loopback passes, anything else is refused
     * under onError=fail and goes unpinned under warn, as when the rules cannot be loaded.
     *
     * @return the agent; null when the socket goes unpinned
     */
    private static Agent awaitAgent(InetAddress destination) throws SocketException {
        boolean installed;
        try {
            installed = INSTALLED.await(gaveUpWaiting ? 0 : AGENT_WAIT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            installed = INSTALLED.getCount() == 0;
        }
        if (installed) {
            return agent;
        }
        if (!gaveUpWaiting) {
            gaveUpWaiting = true;
            System.err.println("[nicpin] ERROR the agent has not finished starting after " + AGENT_WAIT_SECONDS
                    + " s; until it does, " + (refuseIfNeverConnected ? "every connection but loopback fails"
                    + " (onError=fail)" : "nothing is pinned (onError=warn)"));
        }
        if (refuseIfNeverConnected && (destination == null || !destination.isLoopbackAddress())) {
            throw new SocketException("nicpin: the agent has not finished starting, so nothing can be pinned");
        }
        return null;
    }

    /** First thing in {@code Net.connect(ProtocolFamily, FileDescriptor, InetAddress, int)}: every NIO connect. */
    public static void beforeConnect(ProtocolFamily family, FileDescriptor fd, InetAddress address, int port)
            throws SocketException {
        Agent entryPoints = agent;
        if (entryPoints == null && (entryPoints = awaitAgent(address)) == null) {
            return;
        }
        try {
            entryPoints.beforeConnect(family, fd, address, port);
        } catch (SocketException refused) {
            throw refused;
        } catch (Throwable fault) {
            fault(fault);
        }
    }

    /** First thing in {@code DatagramChannelImpl.send(FileDescriptor, ByteBuffer, InetSocketAddress)}. */
    public static void beforeSend(FileDescriptor fd, InetSocketAddress target) throws SocketException {
        Agent entryPoints = agent;
        if (entryPoints == null && (entryPoints = awaitAgent(target.getAddress())) == null) {
            return;
        }
        try {
            entryPoints.beforeSend(fd, target);
        } catch (SocketException refused) {
            throw refused;
        } catch (Throwable fault) {
            fault(fault);
        }
    }

    /**
     * A connect of a socket the JDK did not create, known by its number (Netty's native
     * transports, through {@code java.net.NicpinGate}); an unresolved address fails by itself.
     */
    public static void beforeConnect(int fd, InetAddress address, int port) throws SocketException {
        if (address == null || agent == null && awaitAgent(address) == null) {
            return;
        }
        try {
            beforeConnect(null, NicpinSockets.newFd(fd), address, port);
        } catch (SocketException refused) {
            throw refused;
        } catch (Throwable fault) {
            fault(fault);
        }
    }

    /** An unconnected datagram of a socket the JDK did not create, known by its number. */
    public static void beforeSend(int fd, InetAddress address, int port) throws SocketException {
        if (address == null || agent == null && awaitAgent(address) == null) {
            return;
        }
        try {
            beforeSend(NicpinSockets.newFd(fd), new InetSocketAddress(address, port));
        } catch (SocketException refused) {
            throw refused;
        } catch (Throwable fault) {
            fault(fault);
        }
    }

    /**
     * Netty epoll's batch of datagrams, {@code NativeDatagramPacket}s read by reflection: how
     * many of them, from {@code offset} on, to send now (see {@link Agent#beforeSendBatch}).
     * Packets without a destination belong to a connected socket, decided at its connect.
     */
    public static int beforeSendBatch(int fd, Object[] packets, int offset, int count) throws SocketException {
        try {
            int unconnected = 0;
            InetSocketAddress[] targets = new InetSocketAddress[count];
            while (unconnected < count
                    && (targets[unconnected] = NicpinNettyPackets.recipient(packets[offset + unconnected])) != null) {
                unconnected++;
            }
            if (unconnected == 0) {
                return count;
            }
            Agent entryPoints = agent;
            if (entryPoints == null && (entryPoints = awaitAgent(targets[0].getAddress())) == null) {
                return count;
            }
            InetSocketAddress[] batch = unconnected == count ? targets : Arrays.copyOf(targets, unconnected);
            return entryPoints.beforeSendBatch(NicpinSockets.newFd(fd), batch);
        } catch (SocketException refused) {
            throw refused;
        } catch (Throwable fault) {
            fault(fault);
            return count;
        }
    }

    /**
     * A {@code sendmsg} that Netty's io_uring transports will queue, of a socket known by its
     * number: on a TCP socket a TCP Fast Open connect, on an unconnected datagram socket a
     * datagram; a connected socket was decided at its connect.
     */
    public static void beforeQueuedSend(int fd, Object socket, InetSocketAddress target) throws SocketException {
        InetAddress address = target.getAddress();
        Agent entryPoints = agent;
        if (address == null || entryPoints == null && (entryPoints = awaitAgent(address)) == null) {
            return;
        }
        try {
            FileDescriptor descriptor = NicpinSockets.newFd(fd);
            if (NicpinSockets.getIntOption(descriptor, SOL_SOCKET, SO_TYPE) == SOCK_STREAM) {
                entryPoints.beforeConnect(null, descriptor, address, target.getPort());
            } else if (!NicpinSockets.isConnected(descriptor)) {
                entryPoints.beforeQueuedSend(descriptor, socket, target);
            }
        } catch (SocketException refused) {
            throw refused;
        } catch (Throwable fault) {
            fault(fault);
        }
    }

    /** {@code AbstractPlainSocketImpl.doConnect}: java.net.Socket on JDK 8 and 11, and 13-17 with the legacy switch. */
    public static void beforeConnect(SocketImpl impl, InetAddress address, int port) throws SocketException {
        if (agent == null && awaitAgent(address) == null) {
            return;
        }
        try {
            beforeConnect(null, (FileDescriptor) Legacy.SOCKET_FD.invokeExact(impl), address, port);
        } catch (SocketException refused) {
            throw refused;
        } catch (Throwable fault) {
            fault(fault);
        }
    }

    /** {@code AbstractPlainDatagramSocketImpl.connect}: DatagramSocket on JDK 8 and 11, and 15-17 with the legacy switch. */
    public static void beforeConnect(DatagramSocketImpl impl, InetAddress address, int port) throws SocketException {
        if (agent == null && awaitAgent(address) == null) {
            return;
        }
        try {
            beforeConnect(null, (FileDescriptor) Legacy.DATAGRAM_FD.invokeExact(impl), address, port);
        } catch (SocketException refused) {
            throw refused;
        } catch (Throwable fault) {
            fault(fault);
        }
    }

    /**
     * {@code DatagramSocket.send} and {@code MulticastSocket.send(p, ttl)} on JDK 8 to 14. A socket
     * connected in the kernel was decided at its connect; one whose connect failed (a refusal of
     * ours included) is only "connected" in Java, so its datagrams are decided here like any other.
     */
    public static void beforeSend(DatagramSocket socket, DatagramPacket packet) throws SocketException {
        if (agent == null && awaitAgent(packet.getAddress()) == null) {
            return;
        }
        try {
            if ((int) Legacy.DATAGRAM_SOCKET_STATE.invokeExact(socket) == KERNEL_CONNECTED) {
                return;
            }
            InetAddress address = packet.getAddress() != null ? packet.getAddress() : socket.getInetAddress();
            int port = packet.getAddress() != null ? packet.getPort() : socket.getPort();
            if (address != null) {
                DatagramSocketImpl impl = (DatagramSocketImpl) Legacy.DATAGRAM_SOCKET_IMPL.invokeExact(socket);
                beforeSend((FileDescriptor) Legacy.DATAGRAM_FD.invokeExact(impl), new InetSocketAddress(address, port));
            }
        } catch (SocketException refused) {
            throw refused;
        } catch (Throwable fault) {
            fault(fault);
        }
    }

    /** {@code AbstractPlainDatagramSocketImpl.send} on JDK 15-17 with the legacy switch. */
    public static void beforeSend(DatagramSocketImpl impl, DatagramPacket packet) throws SocketException {
        if (packet.getAddress() == null || agent == null && awaitAgent(packet.getAddress()) == null) {
            return;
        }
        try {
            if (!(boolean) Legacy.DATAGRAM_IMPL_CONNECTED.invokeExact(impl)) {
                beforeSend((FileDescriptor) Legacy.DATAGRAM_FD.invokeExact(impl),
                        new InetSocketAddress(packet.getAddress(), packet.getPort()));
            }
        } catch (SocketException refused) {
            throw refused;
        } catch (Throwable fault) {
            fault(fault);
        }
    }

    private static void fault(Throwable fault) throws SocketException {
        Agent entryPoints = agent;
        if (entryPoints == null) {
            return;
        }
        try {
            entryPoints.fault(fault);
        } catch (SocketException refused) {
            throw refused;
        } catch (Throwable ignored) {
            // The agent could not even report it; the application's work goes on.
        }
    }

    /**
     * The fields of java.net's plain socket implementations the legacy hooks read, looked up when
     * the first of them fires (JDK 18+ has no such classes), each typed by the public supertype
     * the bridge can name.
     */
    private static final class Legacy {
        static final MethodHandle SOCKET_FD =
                getter("java.net.SocketImpl", "fd", FileDescriptor.class, SocketImpl.class);
        static final MethodHandle DATAGRAM_FD =
                getter("java.net.DatagramSocketImpl", "fd", FileDescriptor.class, DatagramSocketImpl.class);
        static final MethodHandle DATAGRAM_SOCKET_IMPL =
                getter("java.net.DatagramSocket", "impl", DatagramSocketImpl.class, DatagramSocket.class);
        static final MethodHandle DATAGRAM_SOCKET_STATE =
                getter("java.net.DatagramSocket", "connectState", int.class, DatagramSocket.class);
        static final MethodHandle DATAGRAM_IMPL_CONNECTED =
                getter("java.net.AbstractPlainDatagramSocketImpl", "connected", boolean.class, DatagramSocketImpl.class);

        /** Each is needed on some JDKs only: where one is missing, it fails when used, not the others. */
        private static MethodHandle getter(String owner, String name, Class<?> type, Class<?> receiver) {
            try {
                Field field = Class.forName(owner).getDeclaredField(name);
                field.setAccessible(true);
                return MethodHandles.publicLookup().unreflectGetter(field).asType(MethodType.methodType(type, receiver));
            } catch (ReflectiveOperationException e) {
                MethodHandle fails = MethodHandles.throwException(type, IllegalStateException.class)
                        .bindTo(new IllegalStateException("nicpin: this JDK has no " + owner + "." + name));
                return MethodHandles.dropArguments(fails, 0, receiver);
            }
        }
    }
}
