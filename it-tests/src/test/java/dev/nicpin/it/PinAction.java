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

    /** Whether the agent must refuse the traffic the rule applies to over {@code protocol} (under onError=fail). */
    boolean refusedOver(String protocol) {
        return this == SRC && protocol.equals("udp");
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
