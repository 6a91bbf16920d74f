package dev.nicpin.hooks;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** Where to hook in the JDK. */
public final class Hooks {

    /**
     * The same on JDK 17 to 25. Every TCP connect (Socket, SocketChannel, the asynchronous
     * channel, and so the HTTP clients) and every datagram connect ends in this one
     * {@code Net.connect} overload, so it fires once per connect; unconnected datagrams, from
     * DatagramChannel and from DatagramSocket / MulticastSocket (which delegate to it on 15+),
     * go through this {@code send}, which a retry loop may call more than once per datagram.
     */
    private static final List<Hook> JDK = Collections.unmodifiableList(Arrays.asList(
            new Hook("sun/nio/ch/Net", "connect",
                    "(Ljava/net/ProtocolFamily;Ljava/io/FileDescriptor;Ljava/net/InetAddress;I)I",
                    "beforeConnect", 0, 1, 2, 3),
            new Hook("sun/nio/ch/DatagramChannelImpl", "send",
                    "(Ljava/io/FileDescriptor;Ljava/nio/ByteBuffer;Ljava/net/InetSocketAddress;)I",
                    "beforeSend", 0, 2)));

    private Hooks() {
    }

    public static List<Hook> jdk() {
        return JDK;
    }
}
