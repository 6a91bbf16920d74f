package dev.nicpin.hooks;

import dev.nicpin.pin.Pinner;
import java.io.FileDescriptor;
import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import sun.nio.ch.NicpinBridge;

/**
 * Defines the bridge, weaves the hooks, and checks that each is really in place: the target
 * classes are loaded now (not initialised) rather than at the application's first socket, so
 * that a JDK the hook table does not fit is reported at start-up, not discovered as traffic
 * leaving by the wrong interface.
 */
public final class HookInstaller {

    private HookInstaller() {
    }

    public static Result install(Instrumentation instrumentation, int jdkFeature) {
        List<Hook> hooks = Hooks.forJdk(jdkFeature);
        Map<Hook, String> missing = new LinkedHashMap<>();
        try {
            Bridge.define(instrumentation, jdkFeature);
        } catch (Throwable e) {
            for (Hook hook : hooks) {
                missing.put(hook, "cannot define the bridge: " + e);
            }
            return new Result(new ArrayList<Hook>(), missing);
        }
        HookTransformer transformer = new HookTransformer(hooks);
        instrumentation.addTransformer(transformer, true);
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
        List<Hook> inPlace = new ArrayList<>();
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

        /** Hands the hooks in place over to {@code pinner}; until now they did nothing. */
        public void connect(Pinner pinner) throws ReflectiveOperationException {
            if (inPlace.isEmpty()) {
                return;
            }
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            MethodHandle onConnect = lookup.findVirtual(Pinner.class, "beforeConnect", MethodType.methodType(void.class,
                    ProtocolFamily.class, FileDescriptor.class, InetAddress.class, int.class)).bindTo(pinner);
            MethodHandle onSend = lookup.findVirtual(Pinner.class, "beforeSend",
                    MethodType.methodType(void.class, FileDescriptor.class, InetSocketAddress.class)).bindTo(pinner);
            MethodHandle onFault = lookup.findVirtual(Pinner.class, "fault",
                    MethodType.methodType(void.class, Throwable.class)).bindTo(pinner);
            NicpinBridge.install(onConnect, onSend, onFault);
        }
    }
}
