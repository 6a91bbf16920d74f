package dev.nicpin.hooks;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.slf4j.LoggerFactory;

/**
 * Inserts the bridge calls of {@link Hook}s as their classes load or are retransformed, and
 * remembers which of the JDK's hooks are in place so the agent can check itself. Netty may
 * never load, or load in several copies: each copy's hooks are logged as they are woven.
 *
 * <p>Plain ASM rather than Byte Buddy's {@code AgentBuilder}: Byte Buddy's type model costs about
 * half a second at start-up, while a one-call insertion needs none of it (docs/benchmarks.md).
 */
public final class HookTransformer implements ClassFileTransformer {
    private final Map<String, List<Hook>> hooksByOwner = new HashMap<>();
    private final List<Hook> nettyHooks;
    /** Told when a copy of Netty turns out to lack a hook; until the agent is ready, a latch of it. */
    private final MissingHooks missingNettyHooks = new MissingHooks();
    private final Set<Hook> inPlace = ConcurrentHashMap.newKeySet();
    private final Map<String, Throwable> failures = new ConcurrentHashMap<>();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    /** @param hooks the JDK's hooks, then Netty's ({@link Hook#isNetty}) */
    public HookTransformer(Collection<Hook> hooks) {
        List<Hook> netty = new ArrayList<>();
        for (Hook hook : hooks) {
            if (hook.isNetty()) {
                netty.add(hook);
                continue;
            }
            List<Hook> ofOwner = hooksByOwner.get(hook.owner());
            if (ofOwner == null) {
                ofOwner = new ArrayList<>();
                hooksByOwner.put(hook.owner(), ofOwner);
            }
            ofOwner.add(hook);
        }
        nettyHooks = netty;
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain domain, byte[] classFile) {
        List<Hook> hooks = loader == null ? hooksByOwner.get(className) : null;
        if (hooks != null) {
            seen.add(className);
            try {
                List<Hook> woven = new ArrayList<>();
                byte[] result = weave(className, classFile, hooks, woven);
                inPlace.addAll(woven);
                return result;
            } catch (Throwable e) {
                // A transformer's exception is dropped by the JVM; keep it for the self-test instead.
                failures.put(className, e);
                return null;
            }
        }
        // Every class the JVM loads comes here: the one test that rules out all but Netty's first.
        return className != null && className.contains(Hook.NETTY) ? weaveNetty(loader, className, classFile) : null;
    }

    private byte[] weaveNetty(ClassLoader loader, String className, byte[] classFile) {
        List<Hook> hooks = new ArrayList<>();
        for (Hook hook : nettyHooks) {
            if (hook.hooksClass(loader, className)) {
                hooks.add(hook);
            }
        }
        if (hooks.isEmpty()) {
            return null;
        }
        String copy = className.replace('/', '.') + " (" + loader + ")";
        try {
            List<String[]> declared = declaredMethods(classFile);
            List<Hook> applicable = new ArrayList<>();
            List<Hook> missing = new ArrayList<>();
            for (Hook hook : hooks) {
                Hook older = hook.fallback();
                if (declares(declared, className, hook)) {
                    applicable.add(hook);
                } else if (older != null && declares(declared, className, older)) {
                    applicable.add(older);
                } else if (!hook.isOptional()) {
                    missing.add(hook);
                }
            }
            byte[] woven = weave(className, classFile, applicable, new ArrayList<Hook>());
            if (missing.isEmpty()) {
                LoggerFactory.getLogger("nicpin").info("Netty's native transport: hooked {}", copy);
            } else {
                LoggerFactory.getLogger("nicpin").error("Netty's native transport: {} lacks {}; connections through"
                        + " this copy of Netty are not pinned", copy, missing);
                missingNettyHooks.found();
            }
            return woven;
        } catch (Throwable e) {
            LoggerFactory.getLogger("nicpin").error("Netty's native transport: cannot hook {}; connections through"
                    + " this copy of Netty are not pinned", copy, e);
            missingNettyHooks.found();
            return null;
        }
    }

    /** Whether the class is one of Netty's that a hook weaves, in any copy of Netty. */
    boolean hooksNetty(Class<?> loaded) {
        String className = loaded.getName().replace('.', '/');
        if (!className.contains(Hook.NETTY)) {
            return false;
        }
        for (Hook hook : nettyHooks) {
            if (hook.hooksClass(loaded.getClassLoader(), className)) {
                return true;
            }
        }
        return false;
    }

    /** Name and descriptor of each method the class declares. */
    private static List<String[]> declaredMethods(byte[] classFile) {
        final List<String[]> declared = new ArrayList<>();
        new ClassReader(classFile).accept(new ClassVisitor(Opcodes.ASM9) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                declared.add(new String[] {name, descriptor});
                return null;
            }
        }, ClassReader.SKIP_CODE | ClassReader.SKIP_DEBUG | ClassReader.SKIP_FRAMES);
        return declared;
    }

    private static boolean declares(List<String[]> declared, String className, Hook hook) {
        for (String[] method : declared) {
            if (hook.targets(className, method[0], method[1])) {
                return true;
            }
        }
        return false;
    }

    /** @param woven receives the hooks that found their method */
    private static byte[] weave(String className, byte[] classFile, List<Hook> hooks, List<Hook> woven) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, 0);
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor method = super.visitMethod(access, name, descriptor, signature, exceptions);
                for (Hook hook : hooks) {
                    if (hook.targets(className, name, descriptor)) {
                        woven.add(hook);
                        return new CallFirst(method, hook, className);
                    }
                }
                return method;
            }
        }, 0);
        return writer.toByteArray();
    }

    /**
     * Runs {@code then} once a copy of Netty is found to lack a hook (at once if one has), as the
     * self-test's missing JDK hooks do: a path that is not pinned must not go unnoticed.
     */
    void whenNettyHooksMissing(Runnable then) {
        missingNettyHooks.tell(then);
    }

    /** A copy of Netty could not be woven at all. */
    void nettyHookMissing() {
        missingNettyHooks.found();
    }

    /** Whether some copy of Netty lacked a hook, and who to tell. */
    private static final class MissingHooks {
        private boolean found;
        private Runnable listener;

        synchronized void found() {
            found = true;
            if (listener != null) {
                listener.run();
            }
        }

        synchronized void tell(Runnable then) {
            listener = then;
            if (found) {
                then.run();
            }
        }
    }

    /** The class names (with dots) this transformer hooks. */
    Collection<String> targetClasses() {
        List<String> names = new ArrayList<>();
        for (String owner : hooksByOwner.keySet()) {
            names.add(owner.replace('/', '.'));
        }
        return names;
    }

    boolean isInPlace(Hook hook) {
        return inPlace.contains(hook);
    }

    /** Whether {@code className} (with dots) has been loaded or retransformed since this transformer was added. */
    boolean hasSeen(String className) {
        return seen.contains(className.replace('.', '/'));
    }

    void failed(String className, Throwable e) {
        failures.put(className.replace('.', '/'), e);
    }

    /** Why the hooks of the class {@code owner} (internal name) could not be woven, or null. */
    Throwable failure(String owner) {
        return failures.get(owner);
    }

    private static final class CallFirst extends MethodVisitor {
        private final Hook hook;
        private final String className;

        CallFirst(MethodVisitor next, Hook hook, String className) {
            super(Opcodes.ASM9, next);
            this.hook = hook;
            this.className = className;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            hook.emitCall(mv, className);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(Math.max(maxStack, hook.stackSize()), maxLocals);
        }
    }
}
