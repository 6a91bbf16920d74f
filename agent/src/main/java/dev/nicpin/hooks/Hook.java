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
    /** What classes outside the JDK call: they cannot link against the bridge. */
    static final String GATE = "java/net/NicpinGate";
    private static final String NETTY = "io/netty/";

    private final String owner;
    private final String method;
    private final String descriptor;
    private final String bridgeMethod;
    private final String bridgeDescriptor;
    private final int[] slots;
    /** A Netty class: matched by name suffix in any loader, calls the gate. */
    private final boolean netty;
    /** Whether the receiver (a Netty {@code unix.FileDescriptor}) goes first, as its number ({@code intValue()}). */
    private final boolean receiverAsFd;
    /** The argument slot the call's int result replaces, or -1: the call returns nothing. */
    private final int resultSlot;
    /** Hooked instead where the class lacks this hook's method (an older version of it), or null. */
    private final Hook fallback;

    /**
     * A hook in a JDK class.
     *
     * @param owner internal class name, e.g. {@code sun/nio/ch/Net}
     * @param bridgeDescriptor the bridge method's descriptor: its parameters are public JDK types,
     *                         which the method's locals in {@code slots} are, in order
     * @param slots local variable slots: 0 is the receiver of an instance method
     */
    Hook(String owner, String method, String descriptor, String bridgeMethod, String bridgeDescriptor, int... slots) {
        this(owner, method, descriptor, bridgeMethod, bridgeDescriptor, slots, false, false, -1, null);
    }

    private Hook(String owner, String method, String descriptor, String bridgeMethod, String bridgeDescriptor,
                 int[] slots, boolean netty, boolean receiverAsFd, int resultSlot, Hook fallback) {
        this.owner = owner;
        this.method = method;
        this.descriptor = descriptor;
        this.bridgeMethod = bridgeMethod;
        this.bridgeDescriptor = bridgeDescriptor;
        this.slots = slots;
        this.netty = netty;
        this.receiverAsFd = receiverAsFd;
        this.resultSlot = resultSlot;
        this.fallback = fallback;
    }

    /**
     * A hook in Netty's {@code unix.Socket} (a {@code unix.FileDescriptor}), matched by name
     * suffix in any loader so that shaded copies ({@code io/grpc/netty/shaded/io/netty/...}) are
     * hooked too. It calls the gate, handing over the receiver as its descriptor number, then
     * the locals in {@code slots}.
     *
     * @param descriptor as in unshaded Netty
     * @param gateDescriptor the gate method's descriptor: an int, then the types of {@code slots}
     */
    static Hook nettySocket(String owner, String method, String descriptor, String gateMethod, String gateDescriptor,
                            int... slots) {
        return new Hook(owner, method, descriptor, gateMethod, gateDescriptor, slots, true, false, -1, null)
                .withReceiverAsFd();
    }

    /**
     * A hook in a static method of Netty, matched like {@link #nettySocket}, whose gate method
     * returns an int that replaces the argument in {@code resultSlot}: the method goes on with it.
     */
    static Hook nettyStatic(String owner, String method, String descriptor, String gateMethod, String gateDescriptor,
                            int resultSlot, int... slots) {
        return new Hook(owner, method, descriptor, gateMethod, gateDescriptor, slots, true, false, resultSlot, null);
    }

    private Hook withReceiverAsFd() {
        return new Hook(owner, method, descriptor, bridgeMethod, bridgeDescriptor, slots, netty, true, resultSlot, fallback);
    }

    /** This hook, or where the class lacks its method, {@code older}: a method that older versions have instead. */
    Hook orElse(Hook older) {
        return new Hook(owner, method, descriptor, bridgeMethod, bridgeDescriptor, slots, netty, receiverAsFd,
                resultSlot, older);
    }

    String owner() {
        return owner;
    }

    boolean isNetty() {
        return netty;
    }

    /** @return null if there is none */
    Hook fallback() {
        return fallback;
    }

    /** Whether this hook is for {@code className} (internal name) defined by {@code loader}. */
    boolean hooksClass(ClassLoader loader, String className) {
        return netty ? className.equals(owner) || className.endsWith("/" + owner)
                : loader == null && className.equals(owner);
    }

    /**
     * @param className the class declaring the method
     * @param desc the method's descriptor there: in a shaded copy of Netty its Netty types carry the prefix
     */
    boolean targets(String className, String name, String desc) {
        return method.equals(name) && descriptor.equals(unshaded(className, desc));
    }

    /** A descriptor of {@code className}'s with the shading prefix of its Netty types taken out. */
    private String unshaded(String className, String desc) {
        String prefix = netty ? className.substring(0, className.length() - owner.length()) : "";
        return prefix.isEmpty() ? desc : desc.replace("L" + prefix + NETTY, "L" + NETTY);
    }

    /** @param className the class being woven (a shaded copy's name, for a Netty hook) */
    void emitCall(MethodVisitor code, String className) {
        Type[] parameters = Type.getArgumentTypes(bridgeDescriptor);
        int parameter = 0;
        if (receiverAsFd) {
            code.visitVarInsn(Opcodes.ALOAD, 0);
            code.visitMethodInsn(Opcodes.INVOKEVIRTUAL, className, "intValue", "()I", false);
            parameter++;
        }
        for (int slot : slots) {
            code.visitVarInsn(parameters[parameter++].getOpcode(Opcodes.ILOAD), slot);
        }
        code.visitMethodInsn(Opcodes.INVOKESTATIC, netty ? GATE : BRIDGE, bridgeMethod, bridgeDescriptor, false);
        if (resultSlot >= 0) {
            code.visitVarInsn(Opcodes.ISTORE, resultSlot);
        }
    }

    /** Operand stack slots the call needs. */
    int stackSize() {
        return Type.getArgumentsAndReturnSizes(bridgeDescriptor) >> 2;
    }

    /** For log lines: {@code Net.connect}, {@code Socket.sendTo}. */
    @Override
    public String toString() {
        return owner.substring(owner.lastIndexOf('/') + 1) + "." + method;
    }
}
