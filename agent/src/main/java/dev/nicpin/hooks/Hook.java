package dev.nicpin.hooks;

import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * One method whose first instruction becomes a call to the bridge, handing it some of the
 * method's own arguments. Nothing else of the method changes: no new branches, locals or
 * frames, so the class keeps its shape and retransformation needs no JVM flag.
 */
public final class Hook {
    static final String BRIDGE = "sun/nio/ch/NicpinBridge";

    private final String owner;
    private final String method;
    private final String descriptor;
    private final int[] passed;
    private final String bridgeMethod;

    /**
     * @param owner internal class name, e.g. {@code sun/nio/ch/Net}
     * @param passed indices of the method's arguments handed to {@code bridgeMethod}, in order
     */
    Hook(String owner, String method, String descriptor, String bridgeMethod, int... passed) {
        this.owner = owner;
        this.method = method;
        this.descriptor = descriptor;
        this.bridgeMethod = bridgeMethod;
        this.passed = passed;
    }

    String owner() {
        return owner;
    }

    boolean targets(String name, String desc) {
        return method.equals(name) && descriptor.equals(desc);
    }

    /** Emits the call; {@code isStatic} tells where the method's arguments start among its locals. */
    void emitCall(MethodVisitor code, boolean isStatic) {
        Type[] arguments = Type.getArgumentTypes(descriptor);
        Type[] handed = new Type[passed.length];
        for (int i = 0; i < passed.length; i++) {
            handed[i] = arguments[passed[i]];
            code.visitVarInsn(handed[i].getOpcode(Opcodes.ILOAD), slot(arguments, passed[i], isStatic));
        }
        code.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, bridgeMethod,
                Type.getMethodDescriptor(Type.VOID_TYPE, handed), false);
    }

    /** Operand stack slots the call needs. */
    int stackSize() {
        Type[] arguments = Type.getArgumentTypes(descriptor);
        int size = 0;
        for (int index : passed) {
            size += arguments[index].getSize();
        }
        return size;
    }

    private static int slot(Type[] arguments, int index, boolean isStatic) {
        int slot = isStatic ? 0 : 1;
        for (int i = 0; i < index; i++) {
            slot += arguments[i].getSize();
        }
        return slot;
    }

    /** For log lines: {@code Net.connect}. */
    @Override
    public String toString() {
        return owner.substring(owner.lastIndexOf('/') + 1) + "." + method;
    }
}
