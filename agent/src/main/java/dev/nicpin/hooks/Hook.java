package dev.nicpin.hooks;

import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.Type;

/**
 * One method whose first instruction becomes a call to the bridge, handing it some of the
 * method's locals (its receiver or arguments). Nothing else of the method changes: no new
 * branches, locals or frames, so the class keeps its shape and retransformation needs no JVM flag.
 */
public final class Hook {
    static final String BRIDGE = "sun/nio/ch/NicpinBridge";

    private final String owner;
    private final String method;
    private final String descriptor;
    private final String bridgeMethod;
    private final String bridgeDescriptor;
    private final int[] slots;

    /**
     * @param owner internal class name, e.g. {@code sun/nio/ch/Net}
     * @param bridgeDescriptor the bridge method's descriptor: its parameters are public JDK types,
     *                         which the method's locals in {@code slots} are, in order
     * @param slots local variable slots: 0 is the receiver of an instance method
     */
    Hook(String owner, String method, String descriptor, String bridgeMethod, String bridgeDescriptor, int... slots) {
        this.owner = owner;
        this.method = method;
        this.descriptor = descriptor;
        this.bridgeMethod = bridgeMethod;
        this.bridgeDescriptor = bridgeDescriptor;
        this.slots = slots;
    }

    String owner() {
        return owner;
    }

    boolean targets(String name, String desc) {
        return method.equals(name) && descriptor.equals(desc);
    }

    void emitCall(MethodVisitor code) {
        Type[] parameters = Type.getArgumentTypes(bridgeDescriptor);
        for (int i = 0; i < slots.length; i++) {
            code.visitVarInsn(parameters[i].getOpcode(Opcodes.ILOAD), slots[i]);
        }
        code.visitMethodInsn(Opcodes.INVOKESTATIC, BRIDGE, bridgeMethod, bridgeDescriptor, false);
    }

    /** Operand stack slots the call needs. */
    int stackSize() {
        return Type.getArgumentsAndReturnSizes(bridgeDescriptor) >> 2;
    }

    /** For log lines: {@code Net.connect}. */
    @Override
    public String toString() {
        return owner.substring(owner.lastIndexOf('/') + 1) + "." + method;
    }
}
