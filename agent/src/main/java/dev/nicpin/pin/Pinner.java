package dev.nicpin.pin;

import static dev.nicpin.pin.LinuxSockets.AF_INET6;
import static dev.nicpin.pin.LinuxSockets.SOCK_DGRAM;
import static dev.nicpin.pin.LinuxSockets.SOL_SOCKET;
import static dev.nicpin.pin.LinuxSockets.SO_BINDTOIFINDEX;
import static dev.nicpin.pin.LinuxSockets.SO_DOMAIN;
import static dev.nicpin.pin.LinuxSockets.SO_MARK;
import static dev.nicpin.pin.LinuxSockets.SO_TYPE;

import dev.nicpin.config.AgentConfig.Mode;
import dev.nicpin.config.AgentConfig.OnError;
import dev.nicpin.rules.Protocol;
import dev.nicpin.rules.Rule;
import dev.nicpin.rules.RuleTable;
import java.io.FileDescriptor;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.SocketException;
import java.net.StandardProtocolFamily;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.nio.ch.NicpinBridge;
import sun.nio.ch.NicpinSockets;

/**
 * The decision for one socket about to connect or send, and its application; the bridge calls
 * {@link #beforeConnect} and {@link #beforeSend} from inside the JDK.
 *
 * <p>A connect (TCP, or a datagram socket's connect) gets {@code SO_BINDTOIFINDEX}: the socket
 * belongs to that device for good, as the connection does. An unconnected datagram gets
 * {@code IP_UNICAST_IF} / {@code IPV6_UNICAST_IF} instead, decided anew for every datagram: it
 * picks the output interface without privilege and without filtering what the socket receives,
 * where re-binding a device would need CAP_NET_RAW and drop replies arriving elsewhere.
 */
public final class Pinner implements NicpinBridge.Agent {
    private static final Logger log = LoggerFactory.getLogger(Pinner.class);

    private static final boolean CONNECT = false;
    private static final boolean SEND = true;

    /** What became of a decision, for the {@link Counters}. */
    private enum Outcome { PINNED, LEFT_TO_OS, FAILED }

    /** Read once per decision: a reload swaps it whole. */
    private volatile RulesInForce rules;
    private final boolean audit;
    private final Counters counters = new Counters();
    private final Failures failures;
    /** Why a connection a rule would pin cannot be: a hook is missing; null while none is. */
    private volatile String refusal;
    private final Interfaces interfaces = new Interfaces();
    private final TouchedSockets touched = new TouchedSockets();
    private final QueuedSockets queuedSockets = new QueuedSockets();

    public Pinner(RulesInForce rules, Mode mode, OnError onError) {
        this.rules = rules;
        this.audit = mode == Mode.AUDIT;
        this.failures = new Failures(onError, counters);
    }

    /**
     * From the next decision on, {@code next} decides; decisions under way finish with the version
     * they read. Interface names are looked up again: one may have been renamed.
     */
    public void use(RulesInForce next) {
        rules = next;
        interfaces.forget();
    }

    public RulesInForce rulesInForce() {
        return rules;
    }

    public Counters counters() {
        return counters;
    }

    /**
     * The start-up self-test found a hook missing, or a copy of Netty lacks one, so a socket
     * could escape by that path: from now on connections a rule would pin are refused (or, under
     * warn, left alone).
     */
    public void hooksMissing() {
        refusal = "some hooks are missing (see the log)";
    }

    @Override
    public void beforeConnect(ProtocolFamily family, FileDescriptor fd, InetAddress address, int port)
            throws SocketException {
        counters.seen(1);
        try {
            count(decideConnect(rules, family, fd, address, port), 1);
        } catch (Failures.Refusal refused) {
            throw refused.asSeenByTheApplication();
        } catch (Throwable e) {
            faulted(e); // here, not in the bridge's fault(), which would count the connect as seen again
        }
    }

    @Override
    public void beforeSend(FileDescriptor fd, InetSocketAddress target) throws SocketException {
        send(rules, fd, target);
    }

    private Outcome send(RulesInForce version, FileDescriptor fd, InetSocketAddress target) throws SocketException {
        counters.seen(1);
        try {
            return count(decideSend(version, fd, target), 1);
        } catch (Failures.Refusal refused) {
            throw refused.asSeenByTheApplication();
        } catch (Throwable e) {
            faulted(e);
            return Outcome.FAILED;
        }
    }

    /**
     * A batch is cut where the rule changes: the socket options hold for the whole system call.
     * Without rules, or when the first datagram's rule could not be applied, each datagram goes
     * alone, decided by itself; in audit mode every one is logged and the batch left whole.
     */
    @Override
    public int beforeSendBatch(FileDescriptor fd, InetSocketAddress[] targets) throws SocketException {
        RulesInForce version = rules;
        Outcome first = send(version, fd, targets[0]);
        if (version.table() == null || first == Outcome.FAILED) {
            return 1;
        }
        if (audit) {
            for (int i = 1; i < targets.length; i++) {
                send(version, fd, targets[i]);
            }
            return targets.length;
        }
        int sharing = 1;
        try {
            Rule firstRule = pinning(match(version, targets[0].getAddress(), targets[0].getPort(), Protocol.UDP));
            for (; sharing < targets.length; sharing++) {
                Rule rule = match(version, targets[sharing].getAddress(), targets[sharing].getPort(), Protocol.UDP);
                if (pinning(rule) != firstRule) {
                    break;
                }
                if (rule != null) {
                    version.hit(rule);
                }
            }
        } catch (RuntimeException e) {
            log.debug("fault cutting a batch; its first datagram goes alone", e);
            return 1; // the others are decided one by one, as the batch is sent again from the second
        }
        counters.seen(sharing - 1);
        count(first, sharing - 1);
        return sharing;
    }

    /**
     * What io_uring queued together leaves with the options its socket has when the kernel runs
     * it, so an unconnected datagram socket keeps the action of its first datagram's rule
     * ({@link QueuedSockets}): a datagram whose rule acts otherwise fails under
     * {@code onError=fail}, and goes as the socket is under {@code warn}.
     */
    @Override
    public void beforeQueuedSend(FileDescriptor fd, Object socket, InetSocketAddress target) throws SocketException {
        RulesInForce version = rules;
        if (version.table() != null && !audit) {
            Rule rule = pinning(match(version, target.getAddress(), target.getPort(), Protocol.UDP));
            String kept = queuedSockets.keptRuleOtherThan(NicpinSockets.fdVal(fd), socket, rule);
            if (kept != null) {
                counters.seen(1);
                try {
                    failures.failed("io_uring-rule-conflict", "io_uring sends what a datagram socket queued with"
                            + " the options in force when the kernel runs it, so the socket keeps the rule of its"
                            + " first datagram (" + kept + "); a datagram whose rule differs ("
                            + QueuedSockets.describe(rule) + ") cannot go on it: use a connected socket, a socket"
                            + " per rule, or the epoll transport");
                } catch (Failures.Refusal refused) {
                    throw refused.asSeenByTheApplication();
                }
                return;
            }
        }
        send(version, fd, target);
    }

    /** The rule if it pins; null for no rule and for {@code direct}, which both leave the socket to the OS. */
    private static Rule pinning(Rule rule) {
        return rule == null || rule.isDirect() ? null : rule;
    }

    /** A fault of the bridge: never silent, and under {@code onError=fail} the connection fails. */
    @Override
    public void fault(Throwable fault) throws SocketException {
        counters.seen(1);
        faulted(fault);
    }

    /** A fault in a decision already counted as seen. */
    private void faulted(Throwable fault) throws SocketException {
        log.debug("fault in a hook", fault);
        try {
            failures.failed("internal-error", "internal error in a hook: " + fault);
        } catch (Failures.Refusal refused) {
            throw refused.asSeenByTheApplication();
        }
    }

    private Outcome count(Outcome outcome, int count) {
        if (outcome == Outcome.PINNED) {
            counters.pinned(count);
        } else if (outcome == Outcome.LEFT_TO_OS) {
            counters.leftToOs(count);
        }
        return outcome; // a failure is counted by Failures, with its reason
    }

    private Outcome decideConnect(RulesInForce version, ProtocolFamily family, FileDescriptor fd, InetAddress address,
                                  int port) throws SocketException, Failures.Refusal {
        if (address == null) {
            return Outcome.LEFT_TO_OS;
        }
        if (version.table() == null) {
            return withoutRules(version, address);
        }
        Rule tcp = match(version, address, port, Protocol.TCP);
        Rule udp = match(version, address, port, Protocol.UDP);
        // Net.connect does not say TCP or UDP: ask the socket only when the answer matters.
        Rule rule = tcp == udp ? tcp : isDatagram(fd) ? udp : tcp;
        if (rule != null) {
            version.hit(rule);
        }
        if (audit || log.isDebugEnabled()) {
            decided(isDatagram(fd) ? "udp connect" : "tcp connect", address, port, rule);
        }
        return audit ? Outcome.LEFT_TO_OS : settle(fd, family, address, rule, CONNECT);
    }

    private Outcome decideSend(RulesInForce version, FileDescriptor fd, InetSocketAddress target)
            throws SocketException, Failures.Refusal {
        InetAddress address = target.getAddress();
        if (address == null) {
            return Outcome.LEFT_TO_OS;
        }
        if (version.table() == null) {
            return withoutRules(version, address);
        }
        Rule rule = match(version, address, target.getPort(), Protocol.UDP);
        if (rule != null) {
            version.hit(rule);
        }
        if (audit || log.isDebugEnabled()) {
            decided("udp send", address, target.getPort(), rule);
        }
        return audit ? Outcome.LEFT_TO_OS : settle(fd, null, address, rule, SEND);
    }

    /** Gives the socket what {@code rule} wants, and clears what an earlier rule left on a reused socket. */
    private Outcome settle(FileDescriptor fd, ProtocolFamily family, InetAddress address, Rule rule, boolean send)
            throws SocketException, Failures.Refusal {
        boolean pins = rule != null && !rule.isDirect();
        int socket = NicpinSockets.fdVal(fd);
        boolean reused = touched.contains(socket);
        if (socket < 0 || !pins && !reused) {
            return Outcome.LEFT_TO_OS; // or a closed socket: the JDK reports that itself
        }
        String refused = refusal;
        if (pins && refused != null) {
            failures.failed("hooks-missing", rule.location() + " " + rule + ": " + refused);
            return Outcome.FAILED;
        }
        int device = 0;
        if (pins && rule.device() != null) {
            device = interfaces.index(rule.device());
            if (device == 0) {
                failures.failed("ENODEV", rule.location() + " dev=" + rule.device()
                        + ": no such interface on this host (ENODEV)");
                return Outcome.FAILED;
            }
        }
        if (!send && isDatagram(fd)) {
            forgetSource(fd, family);
        }
        touched.add(socket);
        SocketOption unicast = address instanceof Inet4Address ? SocketOption.UNICAST_IPV4 : SocketOption.UNICAST_IPV6;
        int unicastIndex = send ? Integer.reverseBytes(device) : 0; // these two take network byte order
        // A device-bound socket refuses IP_UNICAST_IF, so whichever of the two is cleared goes first.
        boolean done = send
                ? apply(fd, reused, SocketOption.BIND_TO_INDEX, 0, rule) && apply(fd, reused, unicast, unicastIndex, rule)
                : apply(fd, reused, unicast, 0, rule) && apply(fd, reused, SocketOption.BIND_TO_INDEX, device, rule);
        done = done && apply(fd, reused, SocketOption.MARK, pins ? rule.mark() : 0, rule);
        if (done && pins && rule.source() != null) {
            done = bindSource(fd, family, rule, send);
        }
        if (done && !pins && isIpv6(fd)) {
            // A dual-stack socket may still carry the other family's interface from an earlier datagram.
            SocketOption other = unicast == SocketOption.UNICAST_IPV4 ? SocketOption.UNICAST_IPV6 : SocketOption.UNICAST_IPV4;
            done = apply(fd, true, other, 0, rule);
        }
        if (done && !pins) {
            touched.remove(socket);
        }
        return !done ? Outcome.FAILED : pins ? Outcome.PINNED : Outcome.LEFT_TO_OS;
    }

    /** @return false if the option could not be set and the policy let the connection go on */
    private boolean apply(FileDescriptor fd, boolean reused, SocketOption option, int value, Rule rule)
            throws SocketException, Failures.Refusal {
        if (value == 0 && !reused) {
            return true;
        }
        try {
            if (!reused || NicpinSockets.getIntOption(fd, option.level, option.number) != value) {
                NicpinSockets.setIntOption(fd, option.level, option.number, value);
            }
            return true;
        } catch (SocketException e) {
            failures.failed(Failures.errno(e.getMessage()), option.problem(rule, value, e.getMessage()));
            return false;
        }
    }

    /**
     * A datagram socket connected anew keeps the source address the kernel chose at its first
     * connect, and with it the earlier rule's route: dissolve the association first, as
     * DatagramChannel's disconnect does, keeping the local port.
     */
    private static void forgetSource(FileDescriptor fd, ProtocolFamily family) throws SocketException {
        if (NicpinSockets.localAddress(fd).isAnyLocalAddress()) {
            return;
        }
        int port = NicpinSockets.localPort(fd);
        NicpinSockets.disconnectDatagram(fd, family != StandardProtocolFamily.INET);
        if (NicpinSockets.localPort(fd) != port) {
            NicpinSockets.bind(family, fd, NicpinSockets.localAddress(fd), port);
        }
    }

    /** @return false if it could not be bound and the policy let the connection go on */
    private boolean bindSource(FileDescriptor fd, ProtocolFamily family, Rule rule, boolean send)
            throws SocketException, Failures.Refusal {
        String action = rule.location() + " src=" + rule.sourceText();
        if (send || NicpinSockets.localPort(fd) != 0) {
            if (!send && rule.source().equals(NicpinSockets.localAddress(fd))) {
                return true; // bound by this rule already: Netty's TCP Fast Open falls back to a connect
            }
            failures.failed("already-bound", action + ": the socket is already bound (" + (send || isDatagram(fd)
                    ? "the JDK binds a datagram socket before it connects or sends, so src= can only apply to TCP;"
                    + " add proto=tcp to the rule)" : "by the application itself)"));
            return false;
        }
        try {
            NicpinSockets.bind(family, fd, rule.source(), 0);
            return true;
        } catch (SocketException e) {
            failures.failed(Failures.errno(e.getMessage()), action + ": bind: " + e.getMessage());
            return false;
        }
    }

    /** Without allocating, for IPv6 too. */
    private static Rule match(RulesInForce version, InetAddress address, int port, Protocol protocol) {
        RuleTable table = version.table();
        if (address instanceof Inet6Address) {
            Inet6Address ipv6 = (Inet6Address) address;
            return table.match(NicpinSockets.ipv6High(ipv6), NicpinSockets.ipv6Low(ipv6), port, protocol);
        }
        return table.match(address, port, protocol);
    }

    /** Without rules nothing is known to be safe to send but loopback. */
    private Outcome withoutRules(RulesInForce version, InetAddress address) throws Failures.Refusal {
        if (address.isLoopbackAddress()) {
            return Outcome.LEFT_TO_OS;
        }
        failures.failed("no-rules", version.whyNone());
        return Outcome.FAILED;
    }

    private static boolean isIpv6(FileDescriptor fd) throws SocketException {
        return NicpinSockets.getIntOption(fd, SOL_SOCKET, SO_DOMAIN) == AF_INET6;
    }

    private static boolean isDatagram(FileDescriptor fd) throws SocketException {
        return NicpinSockets.getIntOption(fd, SOL_SOCKET, SO_TYPE) == SOCK_DGRAM;
    }

    private void decided(String what, InetAddress address, int port, Rule rule) {
        String verdict = rule == null ? "no rule: the OS routes it"
                : rule.location() + " " + rule + (rule.isDirect() ? ": the OS routes it" : "");
        if (audit) {
            log.info("audit: {} {}:{} -> {}", what, address.getHostAddress(), port, verdict);
        } else {
            log.debug("{} {}:{} -> {}", what, address.getHostAddress(), port, verdict);
        }
    }
}
