package dev.nicpin.agent;

import dev.nicpin.config.AgentConfig;
import dev.nicpin.config.AgentConfig.Mode;
import dev.nicpin.config.AgentConfig.OnError;
import dev.nicpin.config.ConfigException;
import dev.nicpin.hooks.Bridge;
import dev.nicpin.hooks.HookInstaller;
import dev.nicpin.log.StderrLoggers;
import dev.nicpin.pin.Pinner;
import dev.nicpin.rules.RuleFile;
import dev.nicpin.rules.RuleFileException;
import dev.nicpin.rules.RuleTable;
import java.lang.instrument.Instrumentation;
import java.nio.file.Paths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts nicpin in this JVM: configuration, rules, bridge, hooks, self-test, in that order. It
 * never throws: whatever goes wrong is logged, and under {@code onError=fail} the hooks that are
 * in place refuse what they cannot pin rather than let it leave by another interface.
 */
public final class NicpinAgent {

    private NicpinAgent() {
    }

    public static void start(String arguments, Instrumentation instrumentation) {
        Logger log = LoggerFactory.getLogger("nicpin");
        AgentConfig config = null;
        String refusal = null;
        try {
            config = AgentConfig.resolve(arguments, System.getProperties(), System.getenv());
            StderrLoggers.setLevel(config.log().name());
        } catch (ConfigException e) {
            refusal = "the nicpin configuration is invalid (see the start-up log), so no connection is pinned";
            log.error("invalid configuration; until it is fixed, every connection but loopback fails:\n{}", e.getMessage());
        }
        if (config != null && !config.enabled()) {
            log.info("disabled (enabled=false): nothing is hooked");
            return;
        }
        if (Bridge.isDefined()) {
            log.info("already running in this JVM; this copy of the agent does nothing");
            return;
        }
        RuleTable rules = null;
        if (config != null) {
            try {
                rules = RuleFile.load(Paths.get(config.rules()));
            } catch (RuleFileException e) {
                refusal = "the rules in " + config.rules() + " are invalid (see the start-up log), so no connection is pinned";
                log.error("{} is invalid; {}:\n{}", config.rules(), config.onError() == OnError.FAIL
                        ? "until it is fixed, every connection but loopback fails (onError=fail)"
                        : "nothing is pinned (onError=warn)", e.getMessage());
            }
        }
        Mode mode = config == null ? Mode.ENFORCE : config.mode();
        OnError onError = config == null ? OnError.FAIL : config.onError();
        HookInstaller.Result hooks = HookInstaller.install(instrumentation, Jdk.feature());
        if (!hooks.complete()) {
            log.error("hooks missing on JDK {}: {}; connections through them are not pinned{}",
                    System.getProperty("java.version"), hooks.missing(), hooks.inPlace().equals("none") ? ""
                            : onError == OnError.FAIL ? ", and connections through the hooks in place that a rule"
                                    + " would pin fail (onError=fail)" : "");
        }
        try {
            hooks.connect(new Pinner(rules, mode, onError, refusal, hooks.complete()));
        } catch (ReflectiveOperationException e) {
            log.error("cannot connect the hooks; nothing is pinned", e);
            return;
        }
        log.info("{} rules from {}, mode={}, onError={}, JDK {}, hooks in place: {}",
                rules == null ? 0 : rules.size(), config == null ? "?" : config.rules(), lower(mode), lower(onError),
                System.getProperty("java.version"), hooks.inPlace());
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(java.util.Locale.ROOT);
    }
}
