package dev.nicpin.pin;

import static dev.nicpin.pin.LinuxSockets.IPPROTO_IP;
import static dev.nicpin.pin.LinuxSockets.IPPROTO_IPV6;
import static dev.nicpin.pin.LinuxSockets.IPV6_UNICAST_IF;
import static dev.nicpin.pin.LinuxSockets.IP_UNICAST_IF;
import static dev.nicpin.pin.LinuxSockets.SOL_SOCKET;
import static dev.nicpin.pin.LinuxSockets.SO_BINDTOIFINDEX;
import static dev.nicpin.pin.LinuxSockets.SO_MARK;

import dev.nicpin.rules.Rule;

/** An int-valued socket option nicpin sets, with what to tell the operator when the kernel refuses it. */
final class SocketOption {
    static final SocketOption BIND_TO_INDEX = new SocketOption(SOL_SOCKET, SO_BINDTOIFINDEX, "SO_BINDTOIFINDEX",
            "dev=", "CAP_NET_RAW to change the device of a socket bound to one already");
    static final SocketOption UNICAST_IPV4 = new SocketOption(IPPROTO_IP, IP_UNICAST_IF, "IP_UNICAST_IF", "dev=", null);
    static final SocketOption UNICAST_IPV6 = new SocketOption(IPPROTO_IPV6, IPV6_UNICAST_IF, "IPV6_UNICAST_IF", "dev=", null);
    static final SocketOption MARK = new SocketOption(SOL_SOCKET, SO_MARK, "SO_MARK", "mark=", "CAP_NET_ADMIN");

    final int level;
    final int number;
    private final String name;
    private final String action;
    private final String privilege;

    private SocketOption(int level, int number, String name, String action, String privilege) {
        this.level = level;
        this.number = number;
        this.name = name;
        this.action = action;
        this.privilege = privilege;
    }

    /**
     * For example {@code rules.conf:3 mark=0x10: setsockopt(SO_MARK): Operation not permitted
     * (needs CAP_NET_ADMIN)}. Clearing an option left by an earlier rule names the rule in force now.
     */
    String problem(Rule rule, int value, String error) {
        String subject;
        if (value != 0) {
            subject = rule.location() + " " + action + (action.equals("mark=") ? "0x" + Integer.toHexString(value) : rule.device());
        } else {
            subject = (rule == null ? "no rule" : rule.location() + " " + rule) + ": clearing " + name + " left by an earlier rule";
        }
        boolean denied = "Operation not permitted".equals(error);
        return subject + ": setsockopt(" + name + "): " + error
                + (denied && privilege != null ? " (needs " + privilege + ")" : "");
    }
}
