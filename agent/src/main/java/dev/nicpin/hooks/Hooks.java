package dev.nicpin.hooks;

import java.util.ArrayList;
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

    private Hooks() {
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
