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
    /** Where Netty's classes are, under whatever prefix a shaded copy puts before it. */
    static final String NETTY = "io/netty/";

    private final String owner;
    /** {@code "/" + owner}: how a shaded copy's name ends; built once, as every loaded class is matched. */
    private final String shadedOwnerSuffix;
    private final String method;
    private final String descriptor;
    private final String bridgeMethod;
    private final String bridgeDescriptor;
    private final int[] slots;
    /** A Netty class: matched by name suffix in any loader, calls the gate. */
    private final boolean netty;
    /** Where the socket's descriptor number, handed over first, comes from; null: from {@code slots} as they are. */
    private final Fd fd;
    /** A method only some versions have: its absence is no missing hook. */
    private final boolean optional;
    /** The argument slot the call's int result replaces, or -1: the call returns nothing. */
    private final int resultSlot;
    /** Hooked instead where the class lacks this hook's method (an older version of it), or null. */
    private final Hook fallback;

    /** Where a Netty method has its socket's descriptor number: a Netty object's {@code intValue()}. */
    enum Fd {
        /** The receiver is a {@code unix.FileDescriptor} (a {@code unix.Socket}). */
        RECEIVER,
        /** The receiver is a channel, a {@code unix.UnixChannel}: its {@code fd()}. */
        CHANNEL,
        /** The first argument is a {@code unix.FileDescriptor}. */
        FIRST_ARGUMENT
    }

    /**
     * A hook in a JDK class.
     *
     * @param owner internal class name, e.g. {@code sun/nio/ch/Net}
     * @param bridgeDescriptor the bridge method's descriptor: its parameters are public JDK types,
     *                         which the method's locals in {@code slots} are, in order
     * @param slots local variable slots: 0 is the receiver of an instance method
     */
    Hook(String owner, String method, String descriptor, String bridgeMethod, String bridgeDescriptor, int... slots) {
        this(owner, method, descriptor, bridgeMethod, bridgeDescriptor, slots, false, null, false, -1, null);
    }

    private Hook(String owner, String method, String descriptor, String bridgeMethod, String bridgeDescriptor,
                 int[] slots, boolean netty, Fd fd, boolean optional, int resultSlot, Hook fallback) {
        this.owner = owner;
        this.shadedOwnerSuffix = "/" + owner;
        this.method = method;
        this.descriptor = descriptor;
        this.bridgeMethod = bridgeMethod;
        this.bridgeDescriptor = bridgeDescriptor;
        this.slots = slots;
        this.netty = netty;
        this.fd = fd;
        this.optional = optional;
        this.resultSlot = resultSlot;
        this.fallback = fallback;
    }

    /**
     * A hook in a class of Netty, matched by name suffix in any loader so that shaded copies
     * ({@code io/grpc/netty/shaded/io/netty/...}) are hooked too. It calls the gate, handing over
     * the socket's descriptor number, from {@code fd}, then the locals in {@code slots}.
     *
     * @param descriptor as in unshaded Netty
     * @param gateDescriptor the gate method's descriptor: an int, then the types of {@code slots}
     */
    static Hook netty(String owner, String method, String descriptor, Fd fd, String gateMethod, String gateDescriptor,
                      int... slots) {
        return new Hook(owner, method, descriptor, gateMethod, gateDescriptor, slots, true, fd, false, -1, null);
    }

    /**
     * A hook in a static method of Netty, matched like {@link #netty}, which has the descriptor
     * number among its arguments, and whose gate method returns an int that replaces the argument
     * in {@code resultSlot}: the method goes on with it.
     */
    static Hook nettyStatic(String owner, String method, String descriptor, String gateMethod, String gateDescriptor,
                            int resultSlot, int... slots) {
        return new Hook(owner, method, descriptor, gateMethod, gateDescriptor, slots, true, null, false, resultSlot,
                null);
    }

    /** This hook, or where the class lacks its method, {@code older}: a method that older versions have instead. */
    Hook orElse(Hook older) {
        return new Hook(owner, method, descriptor, bridgeMethod, bridgeDescriptor, slots, netty, fd, optional,
                resultSlot, older);
    }

    /** This hook, for a method that only some versions of its class have. */
    Hook optional() {
        return new Hook(owner, method, descriptor, bridgeMethod, bridgeDescriptor, slots, netty, fd, true, resultSlot,
                fallback);
    }

    boolean isOptional() {
        return optional;
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
        return netty ? className.equals(owner) || className.endsWith(shadedOwnerSuffix)
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
        String prefix = shadingPrefix(className);
        return prefix.isEmpty() ? desc : desc.replace("L" + prefix + NETTY, "L" + NETTY);
    }

    /** What a shaded copy puts before {@code io/netty/}: {@code io/grpc/netty/shaded/}; empty for Netty itself. */
    private String shadingPrefix(String className) {
        return netty ? className.substring(0, className.length() - owner.length()) : "";
    }

    /** @param className the class being woven (a shaded copy's name, for a Netty hook) */
    void emitCall(MethodVisitor code, String className) {
        Type[] parameters = Type.getArgumentTypes(bridgeDescriptor);
        int parameter = 0;
        if (fd != null) {
            String unix = shadingPrefix(className) + NETTY + "channel/unix/";
            if (fd == Fd.CHANNEL) {
                code.visitVarInsn(Opcodes.ALOAD, 0);
                code.visitMethodInsn(Opcodes.INVOKEINTERFACE, unix + "UnixChannel", "fd",
                        "()L" + unix + "FileDescriptor;", true);
            } else {
                code.visitVarInsn(Opcodes.ALOAD, fd == Fd.RECEIVER ? 0 : 1);
            }
            code.visitMethodInsn(Opcodes.INVOKEVIRTUAL, unix + "FileDescriptor", "intValue", "()I", false);
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
