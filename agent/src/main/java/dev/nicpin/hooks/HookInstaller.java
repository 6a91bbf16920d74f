package dev.nicpin.hooks;

import java.lang.instrument.Instrumentation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.LoggerFactory;
import sun.nio.ch.NicpinBridge;

/**
 * Puts the hooks in place. {@link #begin} defines the bridge and registers the transformer:
 * from then on every target class is woven as it loads, and a hook that fires waits until
 * the agent installs its entry points ({@link NicpinBridge#install}). {@link #verify} loads the target classes not loaded yet
 * (without initialising them), so that a JDK the hook table does not fit is reported at
 * start-up, not discovered as traffic leaving by the wrong interface.
 */
public final class HookInstaller {
    private final Instrumentation instrumentation;
    private final List<Hook> hooks;
    private final HookTransformer transformer;

    private HookInstaller(Instrumentation instrumentation, List<Hook> hooks) {
        this.instrumentation = instrumentation;
        this.hooks = hooks;
        List<Hook> all = new ArrayList<>(hooks);
        all.addAll(Hooks.netty());
        this.transformer = new HookTransformer(all);
    }

    /**
     * @param refuseIfNeverConnected what a hook does should the agent not connect it in time
     *                               (see {@link NicpinBridge#awaitAgent}): refuse, or let the socket go unpinned
     * @throws Exception if the bridge cannot be defined: then nothing is hooked
     */
    public static HookInstaller begin(Instrumentation instrumentation, int jdkFeature, boolean refuseIfNeverConnected)
            throws Exception {
        Bridge.define(instrumentation, jdkFeature);
        NicpinBridge.refuseIfNeverConnected(refuseIfNeverConnected);
        HookInstaller installer = new HookInstaller(instrumentation, Hooks.forJdk(jdkFeature));
        instrumentation.addTransformer(installer.transformer, true);
        return installer;
    }

    /** Weaves the JDK's target classes, loading those not loaded yet and retransforming those loaded before nicpin. */
    public void weaveTargets() {
        for (String className : transformer.targetClasses()) {
            try {
                Class<?> target = Class.forName(className, false, null);
                if (!transformer.hasSeen(className)) {
                    instrumentation.retransformClasses(target); // loaded before nicpin started
                }
            } catch (Throwable e) {
                transformer.failed(className, e);
            }
        }
    }

    /** Weaves what is not woven yet ({@link #weaveTargets}), and tells which hooks are in place. */
    public Result verify() {
        weaveTargets();
        List<Hook> inPlace = new ArrayList<>();
        Map<Hook, String> missing = new LinkedHashMap<>();
        for (Hook hook : hooks) {
            if (transformer.isInPlace(hook)) {
                inPlace.add(hook);
            } else {
                Throwable failure = transformer.failure(hook.owner());
                missing.put(hook, failure == null ? "no such method in this JDK" : failure.toString());
            }
        }
        return new Result(inPlace, missing);
    }

    /**
     * Weaves the copies of Netty loaded before nicpin was attached: the transformer sees a class
     * only as it loads, or when it is retransformed.
     */
    public void weaveLoadedNetty() {
        List<Class<?>> loaded = new ArrayList<>();
        for (Class<?> candidate : instrumentation.getAllLoadedClasses()) {
            if (transformer.hooksNetty(candidate)) {
                loaded.add(candidate);
            }
        }
        for (Class<?> netty : loaded) {
            try {
                instrumentation.retransformClasses(netty);
            } catch (Throwable e) {
                // The transformer logs what it cannot weave; a class the JVM will not retransform is the same loss.
                LoggerFactory.getLogger("nicpin").error("Netty's native transport: cannot hook {} ({}), loaded before"
                        + " nicpin was attached; connections through this copy of Netty are not pinned",
                        netty.getName(), e.toString());
                transformer.nettyHookMissing();
            }
        }
    }

    /** Runs {@code then} once a copy of Netty that loads is found to lack a hook (at once if one has). */
    public void whenNettyHooksMissing(Runnable then) {
        transformer.whenNettyHooksMissing(then);
    }

    /** Which hooks are in place, and why the others are not. */
    public static final class Result {
        private final List<Hook> inPlace;
        private final Map<Hook, String> missing;

        Result(List<Hook> inPlace, Map<Hook, String> missing) {
            this.inPlace = inPlace;
            this.missing = missing;
        }

        public boolean complete() {
            return missing.isEmpty();
        }

        public String inPlace() {
            return inPlace.isEmpty() ? "none" : inPlace.toString();
        }

        public String missing() {
            return missing.toString();
        }
    }
}
