package java.net;

import java.io.IOException;
import sun.nio.ch.NicpinBridge;

/**
 * Where hooks in classes outside the JDK (Netty's native transports) call in. The bridge lives in
 * {@code sun.nio.ch}, which {@code java.base} exports to no one, so such classes cannot link
 * against it; every module reads {@code java.base} and this package is exported to all. The
 * agent defines this class inside {@code java.base} (on JDK 8: in the bootstrap loader). It
 * only forwards: all a caller can do through it is have its own socket pinned by the rules.
 */
public final class NicpinGate {

    private NicpinGate() {
    }

    /** First thing in Netty's {@code unix.Socket.connect(SocketAddress)}: every epoll connect, TCP or UDP. */
    public static void beforeNativeConnect(int fd, SocketAddress remote) throws IOException {
        if (remote instanceof InetSocketAddress) { // not a Unix-domain address
            InetSocketAddress inet = (InetSocketAddress) remote;
            NicpinBridge.beforeConnect(fd, inet.getAddress(), inet.getPort());
        }
    }

    /**
     * First thing in Netty's {@code unix.Socket.sendTo*} overloads that take a {@code fastOpen}
     * flag (4.1.60+): an unconnected datagram, or with the flag a TCP Fast Open connect, whose
     * SYN leaves in this very {@code sendto}.
     */
    public static void beforeNativeSend(int fd, InetAddress address, int port, boolean fastOpen) throws IOException {
        if (fastOpen) {
            NicpinBridge.beforeConnect(fd, address, port);
        } else {
            NicpinBridge.beforeSend(fd, address, port);
        }
    }

    /** The {@code sendTo*} overloads of Netty before 4.1.60, which have no fast open: an unconnected datagram. */
    public static void beforeNativeSend(int fd, InetAddress address, int port) throws IOException {
        NicpinBridge.beforeSend(fd, address, port);
    }

    /**
     * First thing in Netty epoll's {@code Native.sendmmsg}: datagrams {@code offset} to
     * {@code offset + count - 1} of {@code packets} (its {@code NativeDatagramPacket}s) are about
     * to leave in one system call.
     *
     * @return how many of them, from {@code offset} on, to send now: those that share the first one's rule
     */
    public static int beforeNativeSendmmsg(int fd, Object[] packets, int offset, int count) throws IOException {
        return NicpinBridge.beforeSendBatch(fd, packets, offset, count);
    }

    /**
     * First thing where Netty's io_uring transports fill the message header of a {@code sendmsg}
     * they will queue: a datagram, or on a TCP socket a TCP Fast Open connect.
     *
     * @param socket Netty's socket object, which tells this socket from a later one with the same number
     * @param remote null for the header of a receive
     */
    public static void beforeNativeSendmsg(int fd, Object socket, InetSocketAddress remote) throws IOException {
        if (remote != null) {
            NicpinBridge.beforeQueuedSend(fd, socket, remote);
        }
    }
}
