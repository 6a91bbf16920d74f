package dev.nicpin.pin;

import dev.nicpin.rules.Rule;
import java.lang.ref.WeakReference;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The rule each unconnected io_uring datagram socket took with its first datagram, whose
 * options it keeps: what io_uring queued leaves with the options in force when the kernel runs
 * it, and nothing tells when that is. A later datagram may go if its rule sets the same options
 * (another line, or the same rule in a reloaded file). A socket is known by its number and Netty's object for it: numbers
 * are reused by later sockets, and Netty's {@code FileDescriptor.equals} compares numbers.
 */
final class QueuedSockets {
    private final Map<Integer, FirstRule> byNumber = new ConcurrentHashMap<>();

    /**
     * @param rule the rule that pins this datagram; null if none does
     * @return the rule the socket keeps, described, if it acts otherwise than {@code rule}; null
     *         if the datagram may go (the socket's first takes its rule)
     */
    String keptRuleOtherThan(int number, Object socket, Rule rule) {
        FirstRule first = byNumber.get(number);
        if (first == null || first.socket.get() != socket) {
            byNumber.put(number, new FirstRule(socket, rule));
            return null;
        }
        return Rule.actSame(first.rule, rule) ? null : describe(first.rule);
    }

    static String describe(Rule pinning) {
        return pinning == null ? "no rule: the OS routes it" : pinning.location() + " " + pinning;
    }

    private static final class FirstRule {
        final WeakReference<Object> socket;
        /** Null: the OS routes its datagrams. */
        final Rule rule;

        FirstRule(Object socket, Rule rule) {
            this.socket = new WeakReference<>(socket);
            this.rule = rule;
        }
    }
}
