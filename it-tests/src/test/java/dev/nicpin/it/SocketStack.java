package dev.nicpin.it;

import java.util.List;

/**
 * The kind of socket the JDK opens for an IPv4 destination: by default an IPv6 dual-stack socket
 * (the destination reaches the agent as an IPv4 address on an AF_INET6 socket, and a source
 * bind needs the {@code ::ffff:a.b.c.d} form), or with {@code java.net.preferIPv4Stack} an
 * AF_INET socket.
 */
enum SocketStack {
    DUAL_STACK("dual-stack sockets"),
    IPV4_ONLY("AF_INET sockets (preferIPv4Stack)", "-Djava.net.preferIPv4Stack=true");

    private final String description;
    private final List<String> jvmArgs;

    SocketStack(String description, String... jvmArgs) {
        this.description = description;
        this.jvmArgs = List.of(jvmArgs);
    }

    List<String> jvmArgs() {
        return jvmArgs;
    }

    @Override
    public String toString() {
        return description;
    }
}
