package dev.nicpin.hooks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** Where to hook, by the running JDK's feature version (DESIGN.md §2 has the table and why). */
public final class Hooks {
    private static final String CONNECT = "(Ljava/net/ProtocolFamily;Ljava/io/FileDescriptor;Ljava/net/InetAddress;I)V";
    private static final String SEND = "(Ljava/io/FileDescriptor;Ljava/net/InetSocketAddress;)V";

    /**
     * Every NIO connect (SocketChannel, the asynchronous channel, DatagramChannel, and on 13+ or
     * 15+ java.net.Socket and DatagramSocket too) ends in this one {@code Net.connect} overload,
     * so it fires once per connect; every unconnected NIO datagram goes through this {@code send},
     * which a retry loop may call more than once per datagram.
     */
    private static final Hook NET_CONNECT = new Hook("sun/nio/ch/Net", "connect",
            "(Ljava/net/ProtocolFamily;Ljava/io/FileDescriptor;Ljava/net/InetAddress;I)I", "beforeConnect", CONNECT,
            0, 1, 2, 3);
    private static final Hook CHANNEL_SEND = new Hook("sun/nio/ch/DatagramChannelImpl", "send",
            "(Ljava/io/FileDescriptor;Ljava/nio/ByteBuffer;Ljava/net/InetSocketAddress;)I", "beforeSend", SEND, 1, 3);

    /** The plain socket implementations: java.net.Socket on 8 and 11, and on 13-17 with -Djdk.net.usePlainSocketImpl. */
    private static final Hook PLAIN_SOCKET_CONNECT = new Hook("java/net/AbstractPlainSocketImpl", "doConnect",
            "(Ljava/net/InetAddress;II)V", "beforeConnect", "(Ljava/net/SocketImpl;Ljava/net/InetAddress;I)V", 0, 1, 2);
    /** DatagramSocket's connect on 8 and 11, and on 15-17 with -Djdk.net.usePlainDatagramSocketImpl. */
    private static final Hook PLAIN_DATAGRAM_CONNECT = new Hook("java/net/AbstractPlainDatagramSocketImpl", "connect",
            "(Ljava/net/InetAddress;I)V", "beforeConnect", "(Ljava/net/DatagramSocketImpl;Ljava/net/InetAddress;I)V",
            0, 1, 2);
    /** On 15-17 with the switch, both of NetMulticastSocket's sends end here. */
    private static final Hook PLAIN_DATAGRAM_SEND = new Hook("java/net/AbstractPlainDatagramSocketImpl", "send",
            "(Ljava/net/DatagramPacket;)V", "beforeSend", "(Ljava/net/DatagramSocketImpl;Ljava/net/DatagramPacket;)V",
            0, 1);
    /** Before 15 DatagramSocket has its own implementation, whose send is native (before 11.0.14): hook its two Java callers. */
    private static final Hook DATAGRAM_SOCKET_SEND = new Hook("java/net/DatagramSocket", "send",
            "(Ljava/net/DatagramPacket;)V", "beforeSend", "(Ljava/net/DatagramSocket;Ljava/net/DatagramPacket;)V",
            0, 1);
    private static final Hook MULTICAST_SOCKET_SEND = new Hook("java/net/MulticastSocket", "send",
            "(Ljava/net/DatagramPacket;B)V", "beforeSend", "(Ljava/net/DatagramSocket;Ljava/net/DatagramPacket;)V",
            0, 1);

    /**
     * Netty's native epoll transport connects TCP and UDP sockets alike, and only, through this
     * method, in every version from 4.1 on; io_uring's never calls it.
     */
    private static final Hook NETTY_CONNECT = Hook.netty("io/netty/channel/unix/Socket", "connect",
            "(Ljava/net/SocketAddress;)Z", Hook.Fd.RECEIVER, "beforeNativeConnect", "(ILjava/net/SocketAddress;)V", 1);

    /**
     * Unconnected datagrams, and from 4.1.60 on TCP Fast Open connects, one overload per kind of
     * buffer. There each overload without the {@code fastOpen} flag delegates to the one with it;
     * before 4.1.60 only those without exist, and call the kernel themselves.
     */
    private static final Hook NETTY_SEND_TO = nettySend("sendTo", "(Ljava/nio/ByteBuffer;IILjava/net/InetAddress;I", 4);
    private static final Hook NETTY_SEND_TO_ADDRESS = nettySend("sendToAddress", "(JIILjava/net/InetAddress;I", 5);
    private static final Hook NETTY_SEND_TO_ADDRESSES = nettySend("sendToAddresses", "(JILjava/net/InetAddress;I", 4);

    /**
     * Several datagrams flushed at once, to several destinations maybe, leave in one
     * {@code sendmmsg}, with one value of each socket option for all: the gate applies the first
     * datagram's rule and returns how many datagrams from there share it, and the method sends
     * only those. Netty then sends the rest in another call, which comes here again.
     */
    private static final Hook NETTY_SENDMMSG = Hook.nettyStatic("io/netty/channel/epoll/Native", "sendmmsg",
            "(IZ[Lio/netty/channel/epoll/NativeDatagramPacketArray$NativeDatagramPacket;II)I", "beforeNativeSendmmsg",
            "(I[Ljava/lang/Object;II)I", 4, 0, 2, 3, 4);

    /**
     * io_uring (Netty 4.2, and the 4.1 incubator) never calls the kernel from Java: it writes the
     * destination into memory and queues the operation, which the kernel runs later. A socket
     * option set here, before the operation is queued, is in force when it runs. Connects, TCP
     * and UDP, queue through submitConnect; datagrams and TCP Fast Open connects through a
     * message header that MsgHdrMemory fills (a null address: the header of a receive).
     */
    private static final Hook URING_CONNECT = uringConnect("io/netty/channel/uring/AbstractIoUringChannel");
    private static final Hook URING_SENDMSG = uringSendmsg("io/netty/channel/uring/", "set");
    /** The headers of composite buffers' datagrams; 4.2.0 lacks it, 4.2.18 has it. */
    private static final Hook URING_SENDMSG_IOV = uringSendmsg("io/netty/channel/uring/", "setWithIovArrayAddress")
            .optional();
    private static final Hook INCUBATOR_URING_CONNECT =
            uringConnect("io/netty/incubator/channel/uring/AbstractIOUringChannel");
    private static final Hook INCUBATOR_URING_SENDMSG = uringSendmsg("io/netty/incubator/channel/uring/", "write");

    private Hooks() {
    }

    /** The hooks in Netty's native transports (DESIGN.md §2), in whichever copies of Netty load. */
    public static List<Hook> netty() {
        return Collections.unmodifiableList(
                Arrays.asList(NETTY_CONNECT, NETTY_SEND_TO, NETTY_SEND_TO_ADDRESS, NETTY_SEND_TO_ADDRESSES, NETTY_SENDMMSG,
                        URING_CONNECT, URING_SENDMSG, URING_SENDMSG_IOV, INCUBATOR_URING_CONNECT, INCUBATOR_URING_SENDMSG));
    }

    private static Hook uringConnect(String channel) {
        return Hook.netty(channel, "submitConnect", "(Ljava/net/InetSocketAddress;)V", Hook.Fd.CHANNEL,
                "beforeNativeConnect", "(ILjava/net/SocketAddress;)V", 1);
    }

    private static Hook uringSendmsg(String uringPackage, String method) {
        return Hook.netty(uringPackage + "MsgHdrMemory", method,
                "(L" + uringPackage + "LinuxSocket;Ljava/net/InetSocketAddress;JIS)V", Hook.Fd.FIRST_ARGUMENT,
                "beforeNativeSendmsg", "(ILjava/lang/Object;Ljava/net/InetSocketAddress;)V", 1, 2);
    }

    /**
     * @param parameters the descriptor's parameters up to the destination's port, without the closing parenthesis
     * @param addressSlot the destination address's slot; its port and the fastOpen flag follow
     */
    private static Hook nettySend(String method, String parameters, int addressSlot) {
        String socket = "io/netty/channel/unix/Socket";
        return Hook.netty(socket, method, parameters + "Z)I", Hook.Fd.RECEIVER, "beforeNativeSend",
                "(ILjava/net/InetAddress;IZ)V", addressSlot, addressSlot + 1, addressSlot + 2)
                .orElse(Hook.netty(socket, method, parameters + ")I", Hook.Fd.RECEIVER, "beforeNativeSend",
                        "(ILjava/net/InetAddress;I)V", addressSlot, addressSlot + 1));
    }

    public static List<Hook> forJdk(int feature) {
        List<Hook> hooks = new ArrayList<>();
        hooks.add(NET_CONNECT);
        hooks.add(CHANNEL_SEND);
        if (feature <= 17) {
            hooks.add(PLAIN_SOCKET_CONNECT);
            hooks.add(PLAIN_DATAGRAM_CONNECT);
        }
        if (feature <= 14) {
            hooks.add(DATAGRAM_SOCKET_SEND);
            hooks.add(MULTICAST_SOCKET_SEND);
        } else if (feature <= 17) {
            hooks.add(PLAIN_DATAGRAM_SEND);
        }
        return Collections.unmodifiableList(hooks);
    }
}
