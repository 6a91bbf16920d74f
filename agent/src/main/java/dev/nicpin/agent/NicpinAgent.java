package dev.nicpin.agent;

import dev.nicpin.config.AgentConfig;
import dev.nicpin.config.AgentConfig.Mode;
import dev.nicpin.config.AgentConfig.OnError;
import dev.nicpin.config.ConfigException;
import dev.nicpin.hooks.Bridge;
import dev.nicpin.hooks.HookInstaller;
import dev.nicpin.log.StderrLoggers;
import dev.nicpin.pin.Pinner;
import dev.nicpin.pin.RulesInForce;
import java.lang.instrument.Instrumentation;
import java.util.Locale;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.nio.ch.NicpinBridge;

/**
 * Starts nicpin in this JVM. Before the application's main (or at once, when attached to a
 * running JVM): the configuration, the bridge and the transformer, so that every target class is
 * woven as it loads. Then, in a background thread: rules, pinner, self-test, start-up line, the
 * watch on the rules file and the JMX view; a hook that fires before the pinner is connected
 * waits for it. Nothing here throws: whatever goes wrong is logged, and under {@code onError=fail} the
 * hooks that are in place refuse what they cannot pin rather than let it leave by another
 * interface.
 */
public final class NicpinAgent {
    /**
     * The system property that says nicpin runs in a JVM, and which version: what {@code attach}
     * and {@code status} read. Not {@code nicpin.*}: those are the configuration's keys.
     */
    public static final String RUNNING_PROPERTY = "dev.nicpin.agent";
    /**
     * How long after its start-up line the agent starts watching the rules file and shows its
     * MBean (status and reload wait for it).
     */
    public static final long LATE_START_MILLIS = 3000;

    private NicpinAgent() {
    }

    /** From {@code -javaagent}, before the application's main. */
    public static void start(String arguments, Instrumentation instrumentation) {
        start(arguments, instrumentation, false);
    }

    /** Loaded into a running JVM, whose classes (Netty's too) may be loaded already. */
    public static void attach(String arguments, Instrumentation instrumentation) {
        start(arguments, instrumentation, true);
    }

    private static void start(String arguments, Instrumentation instrumentation, boolean attached) {
        AgentConfig config = null;
        String refusal = null;
        try {
            config = AgentConfig.resolve(arguments, System.getProperties(), System.getenv());
            StderrLoggers.setLevel(config.log().name());
        } catch (ConfigException e) {
            refusal = "the nicpin configuration is invalid (see the start-up log), so no connection is pinned";
            log().error("invalid configuration; until it is fixed, every connection but loopback fails:\n{}", e.getMessage());
        }
        if (config != null && !config.enabled()) {
            log().info("disabled (enabled=false): nothing is hooked");
            return;
        }
        if (Bridge.isDefined()) {
            log().info("already running in this JVM; this copy of the agent does nothing");
            return;
        }
        Mode mode = config == null ? Mode.ENFORCE : config.mode();
        OnError onError = config == null ? OnError.FAIL : config.onError();
        HookInstaller installer;
        try {
            installer = HookInstaller.begin(instrumentation, Jdk.feature(), onError == OnError.FAIL);
        } catch (Throwable e) {
            log().error("cannot put the bridge into JDK {}; nothing is hooked, so nothing is pinned",
                    System.getProperty("java.version"), e);
            return;
        }
        if (attached) {
            // Before the attach returns: until then, sockets of the classes loaded already would escape the hooks.
            installer.weaveTargets();
            installer.weaveLoadedNetty();
        }
        // Before the attach that loaded it returns: the attach command reads it to tell that the agent runs.
        String version = Version.current();
        System.setProperty(RUNNING_PROPERTY, version);
        Thread starter = new Thread(new Starter(version, config, mode, onError, refusal, installer),
                "nicpin-start");
        starter.setDaemon(true); // the application's exit never waits for it
        starter.start();
    }

    /** SLF4J on first use: finding its provider costs 20 ms, which a clean start spends in the background. */
    private static Logger log() {
        return LoggerFactory.getLogger("nicpin");
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** The part of the start that the application need not wait for, unless it connects first. */
    private static final class Starter implements Runnable {
        private final String version;
        private final AgentConfig config;
        private final Mode mode;
        private final OnError onError;
        private final String configRefusal;
        private final HookInstaller installer;

        Starter(String version, AgentConfig config, Mode mode, OnError onError, String configRefusal,
                HookInstaller installer) {
            this.version = version;
            this.config = config;
            this.mode = mode;
            this.onError = onError;
            this.configRefusal = configRefusal;
            this.installer = installer;
        }

        @Override
        public void run() {
            try {
                start();
            } catch (Throwable e) {
                // A defect of nicpin's own: the hooks must not wait forever, nor pass what a rule would pin.
                log().error("could not start; {}", onError == OnError.FAIL
                        ? "every connection but loopback fails (onError=fail)" : "nothing is pinned (onError=warn)", e);
                try {
                    NicpinBridge.install(new Pinner(RulesInForce.none("nicpin could not start (see its log)"), mode, onError));
                } catch (Throwable ignored) {
                    // The hooks give up waiting by themselves and apply the same policy.
                }
            }
        }

        private void start() {
            final Pinner pinner = new Pinner(RulesInForce.none(configRefusal), mode, onError);
            // A class, not pinner::use: a method reference's bootstrap is on the way to the first connect.
            Reloader reloader = config == null ? null : new Reloader(config.rules(), onError,
                    config.allowUnsafeRules(), new Consumer<RulesInForce>() {
                @Override
                public void accept(RulesInForce next) {
                    pinner.use(next);
                }
            });
            if (reloader != null) {
                reloader.loadAtStart();
            }
            // Connected before the self-test, which weaves the classes the application has not loaded
            // yet: an early connect waits for the rules only. Until the test fails, hooks in place pin.
            NicpinBridge.install(pinner);
            installer.whenNettyHooksMissing(pinner::hooksMissing);
            HookInstaller.Result hooks = installer.verify();
            if (!hooks.complete()) {
                pinner.hooksMissing();
                log().error("hooks missing on JDK {}: {}; connections through them are not pinned{}",
                        System.getProperty("java.version"), hooks.missing(), hooks.inPlace().equals("none") ? ""
                                : onError == OnError.FAIL ? ", and connections through the hooks in place that a rule"
                                        + " would pin fail (onError=fail)" : "");
            }
            int count = pinner.rulesInForce().size();
            log().info("{} {} from {}, mode={}, onError={}, JDK {}, hooks in place: {}", count,
                    count == 1 ? "rule" : "rules", config == null ? "?" : config.rules(), lower(mode), lower(onError),
                    System.getProperty("java.version"), hooks.inPlace());
            // Late: a program that lives a few seconds pays neither, and the application has configured itself
            // by then (the platform MBean server initialises java.util.logging on JDK 8, which an application may
            // be about to give a log manager of its own). The watch's first look catches a change made meanwhile.
            try {
                Thread.sleep(LATE_START_MILLIS);
                AgentView.register(version, pinner, reloader, lower(mode), lower(onError));
                if (reloader != null) {
                    RulesWatcher.start(reloader);
                }
            } catch (Throwable e) {
                // What is pinned stays pinned: only the view or the watch is lost, which the log says.
                log().error("could not start watching the rules file or showing the JMX view", e);
            }
        }
    }
}
