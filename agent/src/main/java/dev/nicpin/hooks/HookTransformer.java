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

/**
 * Inserts the bridge calls of {@link Hook}s as their classes load or are retransformed, and
 * remembers which hooks are in place so the agent can check itself.
 *
 * <p>Plain ASM rather than Byte Buddy's {@code AgentBuilder}: Byte Buddy's type model costs about
 * half a second at start-up, while a one-call insertion needs none of it (docs/benchmarks.md).
 */
public final class HookTransformer implements ClassFileTransformer {
    private final Map<String, List<Hook>> hooksByOwner = new HashMap<>();
    private final Set<Hook> inPlace = ConcurrentHashMap.newKeySet();
    private final Map<String, Throwable> failures = new ConcurrentHashMap<>();
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    public HookTransformer(Collection<Hook> hooks) {
        for (Hook hook : hooks) {
            hooksByOwner.computeIfAbsent(hook.owner(), owner -> new ArrayList<>()).add(hook);
        }
    }

    @Override
    public byte[] transform(ClassLoader loader, String className, Class<?> redefined,
                            ProtectionDomain domain, byte[] classFile) {
        List<Hook> hooks = loader == null ? hooksByOwner.get(className) : null;
        if (hooks == null) {
            return null;
        }
        seen.add(className);
        try {
            return weave(classFile, hooks);
        } catch (Throwable e) {
            // A transformer's exception is dropped by the JVM; keep it for the self-test instead.
            failures.put(className, e);
            return null;
        }
    }

    private byte[] weave(byte[] classFile, List<Hook> hooks) {
        ClassReader reader = new ClassReader(classFile);
        ClassWriter writer = new ClassWriter(reader, 0);
        List<Hook> woven = new ArrayList<>();
        reader.accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public MethodVisitor visitMethod(int access, String name, String descriptor, String signature,
                                             String[] exceptions) {
                MethodVisitor method = super.visitMethod(access, name, descriptor, signature, exceptions);
                for (Hook hook : hooks) {
                    if (hook.targets(name, descriptor)) {
                        woven.add(hook);
                        return new CallFirst(method, hook);
                    }
                }
                return method;
            }
        }, 0);
        byte[] result = writer.toByteArray();
        inPlace.addAll(woven);
        return result;
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

        CallFirst(MethodVisitor next, Hook hook) {
            super(Opcodes.ASM9, next);
            this.hook = hook;
        }

        @Override
        public void visitCode() {
            super.visitCode();
            hook.emitCall(mv);
        }

        @Override
        public void visitMaxs(int maxStack, int maxLocals) {
            super.visitMaxs(Math.max(maxStack, hook.stackSize()), maxLocals);
        }
    }
}
