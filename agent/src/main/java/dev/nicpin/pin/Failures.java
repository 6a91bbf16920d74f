package dev.nicpin.pin;

import dev.nicpin.config.AgentConfig.OnError;
import java.net.SocketException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code onError} policy for a rule that cannot be applied. {@code fail}: the application's
 * connect or send throws, before anything is sent. {@code warn}: the OS routes it. Either way the
 * operator hears of each distinct failure (rule, option and error) once, and each is counted
 * by its reason.
 */
final class Failures {
    private static final Logger log = LoggerFactory.getLogger(Failures.class);
    /** The kernel's messages, as the JDK puts them in a SocketException, by their errno's name. */
    private static final Map<String, String> ERRNO_BY_MESSAGE = new HashMap<>();

    static {
        String[] errnos = {
            "EPERM", "Operation not permitted",
            "EACCES", "Permission denied",
            "ENODEV", "No such device",
            "ENXIO", "No such device or address",
            "EINVAL", "Invalid argument",
            "ENOPROTOOPT", "Protocol not available",
            "EADDRNOTAVAIL", "Cannot assign requested address",
            "EADDRINUSE", "Address already in use",
            "ENETUNREACH", "Network is unreachable",
            "EBADF", "Bad file descriptor",
            "ENOTSOCK", "Socket operation on non-socket",
            "ENOMEM", "Cannot allocate memory",
            "ENOBUFS", "No buffer space available",
        };
        for (int i = 0; i < errnos.length; i += 2) {
            ERRNO_BY_MESSAGE.put(errnos[i + 1], errnos[i]);
        }
    }

    private final OnError policy;
    private final Counters counters;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    Failures(OnError policy, Counters counters) {
        this.policy = policy;
        this.counters = counters;
    }

    /** The errno's name for the kernel's message, or the message itself if it is not a known one. */
    static String errno(String message) {
        if (message == null) {
            return "unknown";
        }
        String errno = ERRNO_BY_MESSAGE.get(message);
        return errno != null ? errno : message;
    }

    /** The policy's verdict, told apart from any other exception in the hook, which is a fault. */
    static final class Refusal extends Exception {
        private static final long serialVersionUID = 1L;

        Refusal(String message) {
            super(message, null, false, false);
        }

        /** A plain SocketException: the application never meets a class of the agent's. */
        SocketException asSeenByTheApplication() {
            return new SocketException(getMessage());
        }
    }

    /**
     * @param reason  what {@link Counters} counts it under: the errno's name, or a word
     * @param problem for example {@code rules.conf:3 dev=eth9: setsockopt(SO_BINDTOIFINDEX): No such device};
     *                it names no destination, so it is reported once however many connections it hits
     * @throws Refusal whose message is {@code nicpin: } and the problem, under {@code onError=fail}
     */
    void failed(String reason, String problem) throws Refusal {
        counters.failed(reason);
        boolean first = reported.add(problem);
        if (policy == OnError.FAIL) {
            if (first) {
                log.error("{} (onError=fail: such connections fail until this is fixed)", problem);
            }
            throw new Refusal("nicpin: " + problem);
        }
        if (first) {
            log.warn("{} (onError=warn: the OS routes such connections; said once)", problem);
        }
    }
}
