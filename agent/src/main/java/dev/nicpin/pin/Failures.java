package dev.nicpin.pin;

import dev.nicpin.config.AgentConfig.OnError;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code onError} policy for a rule that cannot be applied. {@code fail}: the application's
 * connect or send throws, before anything is sent. {@code warn}: the OS routes it. Either way the
 * operator hears of each distinct failure (rule, option and error) once.
 */
final class Failures {
    private static final Logger log = LoggerFactory.getLogger(Failures.class);

    private final OnError policy;
    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    Failures(OnError policy) {
        this.policy = policy;
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
     * @param problem for example {@code rules.conf:3 dev=eth9: setsockopt(SO_BINDTOIFINDEX): No such device};
     *                it names no destination, so it is reported once however many connections it hits
     * @throws Refusal whose message is {@code nicpin: } and the problem, under {@code onError=fail}
     */
    void failed(String problem) throws Refusal {
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
