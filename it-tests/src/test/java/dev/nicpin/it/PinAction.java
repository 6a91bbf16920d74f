package dev.nicpin.it;

import dev.nicpin.lab.Report;

/**
 * What a rule of the pinning matrix does, each of which the lab routes out through nic1: the
 * device itself, a mark ({@code ip rule fwmark 0x10 table 100}), or nic1's source address
 * ({@code ip rule from ADDRESS table 100}).
 */
enum PinAction {
    DEV, MARK, SRC,
    /** {@code src=} for TCP only: the JDK binds datagram sockets before the agent sees them. */
    SRC_TCP;

    /** The rule's words after its destination. */
    String words(Lab lab, IpFamily family) {
        return words(Report.text(lab.clientAddress("nic1", family)));
    }

    /** Whether the rule applies to the service's traffic over {@code protocol}. */
    boolean appliesTo(String protocol) {
        return this != SRC_TCP || protocol.equals("tcp");
    }

    /**
     * Whether the agent must refuse the traffic of a demo path the rule applies to (under
     * onError=fail): {@code src=} on a datagram socket the JDK has bound already, which is every
     * datagram path but one. JDK 8 and 11 connect a DatagramChannel without binding it first
     * (17 binds it), and nicpin then binds it to the source as it does a TCP socket, although the
     * README says that src= on UDP is an error.
     */
    boolean refuses(String path, Jdk jdk) {
        boolean unboundAtConnect = path.equals("datagram-channel-connected") && jdk.feature() <= 11;
        return this == SRC && DemoOutput.PATHS.get(path).equals("udp") && !unboundAtConnect;
    }

    @Override
    public String toString() {
        return words("(nic1's address)");
    }

    private String words(String nic1Address) {
        return switch (this) {
            case DEV -> "dev=nic1";
            case MARK -> "mark=0x10";
            case SRC -> "src=" + nic1Address;
            case SRC_TCP -> "proto=tcp src=" + nic1Address;
        };
    }
}
