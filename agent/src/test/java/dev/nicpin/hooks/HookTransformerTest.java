package dev.nicpin.hooks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.tree.AbstractInsnNode;
import org.objectweb.asm.tree.ClassNode;
import org.objectweb.asm.tree.MethodInsnNode;
import org.objectweb.asm.tree.MethodNode;
import org.objectweb.asm.tree.VarInsnNode;

/** Weaves the build JDK's own class files, as the agent does at run time, and reads the result back. */
class HookTransformerTest {
    private static final String CONNECT = "connect(Ljava/net/SocketAddress;)Z";
    /** The descriptor of Netty's sendToAddress up to the destination's port. */
    private static final String SEND_TO_ADDRESS = "(JIILjava/net/InetAddress;I";
    private final HookTransformer transformer = new HookTransformer(Hooks.forJdk(17));

    @Test
    void netConnectFirstHandsAllFourArgumentsToTheBridge() throws IOException {
        ClassNode woven = weave("sun/nio/ch/Net");

        MethodNode connect = method(woven, "connect",
                "(Ljava/net/ProtocolFamily;Ljava/io/FileDescriptor;Ljava/net/InetAddress;I)I");
        assertEquals(List.of("ALOAD 0", "ALOAD 1", "ALOAD 2", "ILOAD 3",
                        "INVOKESTATIC sun/nio/ch/NicpinBridge.beforeConnect"
                                + "(Ljava/net/ProtocolFamily;Ljava/io/FileDescriptor;Ljava/net/InetAddress;I)V"),
                firstInstructions(connect, 5));
        assertTrue(Hooks.forJdk(17).stream().filter(h -> h.owner().equals("sun/nio/ch/Net")).allMatch(transformer::isInPlace));
    }

    @Test
    void datagramSendHandsTheDescriptorAndTargetOfThisInstanceMethod() throws IOException {
        ClassNode woven = weave("sun/nio/ch/DatagramChannelImpl");

        MethodNode send = method(woven, "send",
                "(Ljava/io/FileDescriptor;Ljava/nio/ByteBuffer;Ljava/net/InetSocketAddress;)I");
        assertEquals(List.of("ALOAD 1", "ALOAD 3",
                        "INVOKESTATIC sun/nio/ch/NicpinBridge.beforeSend(Ljava/io/FileDescriptor;Ljava/net/InetSocketAddress;)V"),
                firstInstructions(send, 3));
    }

    @Test
    void plainSocketConnectHandsItsImplementationForTheBridgeToFindTheDescriptor() throws IOException {
        ClassNode woven = weave("java/net/AbstractPlainSocketImpl");

        assertEquals(List.of("ALOAD 0", "ALOAD 1", "ILOAD 2",
                        "INVOKESTATIC sun/nio/ch/NicpinBridge.beforeConnect(Ljava/net/SocketImpl;Ljava/net/InetAddress;I)V"),
                firstInstructions(method(woven, "doConnect", "(Ljava/net/InetAddress;II)V"), 4));
    }

    @Test
    void theLegacyHooksBelongToTheJdksThatHaveThoseClasses() {
        assertEquals("[Net.connect, DatagramChannelImpl.send, AbstractPlainSocketImpl.doConnect,"
                + " AbstractPlainDatagramSocketImpl.connect, DatagramSocket.send, MulticastSocket.send]",
                Hooks.forJdk(8).toString());
        assertEquals(Hooks.forJdk(8), Hooks.forJdk(11));
        assertEquals("[Net.connect, DatagramChannelImpl.send, AbstractPlainSocketImpl.doConnect,"
                + " AbstractPlainDatagramSocketImpl.connect, AbstractPlainDatagramSocketImpl.send]",
                Hooks.forJdk(17).toString());
        assertEquals("[Net.connect, DatagramChannelImpl.send]", Hooks.forJdk(21).toString());
        assertEquals(Hooks.forJdk(21), Hooks.forJdk(25));
    }

    @Test
    void onlyTheHookedMethodChanges() throws IOException {
        byte[] original = jdkClass("sun/nio/ch/Net");
        ClassNode before = read(original);
        ClassNode after = weave("sun/nio/ch/Net");

        assertEquals(before.methods.size(), after.methods.size());
        for (int i = 0; i < before.methods.size(); i++) {
            MethodNode was = before.methods.get(i);
            MethodNode is = after.methods.get(i);
            assertEquals(was.name + was.desc, is.name + is.desc);
            boolean hooked = was.name.equals("connect") && was.desc.startsWith("(Ljava/net/ProtocolFamily;Ljava/io/FileDescriptor;Ljava/net/InetAddress;I)");
            assertEquals(was.instructions.size() + (hooked ? 5 : 0), is.instructions.size(), was.name + was.desc);
        }
        assertEquals(before.fields.size(), after.fields.size());
    }

    @Test
    void aHookWhoseMethodThisJdkLacksIsNotInPlaceSoTheSelfTestReportsIt() throws IOException {
        Hook renamed = new Hook("sun/nio/ch/Net", "connectSomehowElse",
                "(Ljava/net/ProtocolFamily;Ljava/io/FileDescriptor;Ljava/net/InetAddress;I)I", "beforeConnect",
                "(Ljava/net/ProtocolFamily;Ljava/io/FileDescriptor;Ljava/net/InetAddress;I)V", 0, 1, 2, 3);
        HookTransformer transformer = new HookTransformer(List.of(renamed));

        transformer.transform(null, "sun/nio/ch/Net", null, null, jdkClass("sun/nio/ch/Net"));

        assertTrue(transformer.hasSeen("sun.nio.ch.Net"));
        assertFalse(transformer.isInPlace(renamed));
        assertNull(transformer.failure("sun/nio/ch/Net"), "not a failure to read the class: the method is missing");
    }

    @Test
    void nettysSocketConnectHandsItsDescriptorNumberAndAddressToTheGateInEveryCopyOfNetty() {
        HookTransformer netty = new HookTransformer(Hooks.netty());
        ClassLoader application = getClass().getClassLoader();

        for (String copy : List.of("io/netty/channel/unix/Socket", "io/grpc/netty/shaded/io/netty/channel/unix/Socket")) {
            byte[] woven = netty.transform(application, copy, null, null, nettyClass(copy, CONNECT));

            assertNotNull(woven, copy);
            MethodNode connect = method(read(woven), "connect", "(Ljava/net/SocketAddress;)Z");
            String unix = copy.substring(0, copy.length() - "Socket".length());
            assertEquals(List.of("ALOAD 0", "INVOKEVIRTUAL " + unix + "FileDescriptor.intValue()I", "ALOAD 1",
                    "INVOKESTATIC java/net/NicpinGate.beforeNativeConnect(ILjava/net/SocketAddress;)V"),
                    firstInstructions(connect, 4), copy);
            assertTrue(connect.maxStack >= 2, "room for the descriptor number and the address");
        }
        assertNull(netty.transform(application, "io/netty/channel/unix/SocketWritableByteChannel", null, null,
                nettyClass("io/netty/channel/unix/SocketWritableByteChannel", CONNECT)));
    }

    @Test
    void nettysSendToIsHookedOnceWhereTheOverloadWithoutFastOpenDelegatesToTheOneWithIt() {
        String socket = "io/netty/channel/unix/Socket";
        byte[] both = nettyClass(socket, CONNECT, "sendToAddress" + SEND_TO_ADDRESS + ")I",
                "sendToAddress" + SEND_TO_ADDRESS + "Z)I");

        ClassNode woven = read(new HookTransformer(Hooks.netty()).transform(null, socket, null, null, both));

        assertEquals(List.of("ALOAD 0", "INVOKEVIRTUAL io/netty/channel/unix/FileDescriptor.intValue()I", "ALOAD 5",
                        "ILOAD 6", "ILOAD 7",
                        "INVOKESTATIC java/net/NicpinGate.beforeNativeSend(ILjava/net/InetAddress;IZ)V"),
                firstInstructions(method(woven, "sendToAddress", SEND_TO_ADDRESS + "Z)I"), 6));
        assertEquals(List.of("opcode " + Opcodes.ICONST_1), firstInstructions(method(woven, "sendToAddress",
                SEND_TO_ADDRESS + ")I"), 1), "the delegating overload stays as it is");
    }

    @Test
    void nettysSendmmsgInAShadedCopySendsAsManyDatagramsAsTheGateSays() {
        String prefix = "io/grpc/netty/shaded/";
        String nativeClass = prefix + "io/netty/channel/epoll/Native";
        String descriptor = "(IZ[L" + prefix + "io/netty/channel/epoll/NativeDatagramPacketArray$NativeDatagramPacket;II)I";
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V1_6, Opcodes.ACC_PUBLIC, nativeClass, null, "java/lang/Object", null);
        MethodVisitor sendmmsg = writer.visitMethod(Opcodes.ACC_STATIC, "sendmmsg", descriptor, null, null);
        sendmmsg.visitCode();
        sendmmsg.visitVarInsn(Opcodes.ILOAD, 4);
        sendmmsg.visitInsn(Opcodes.IRETURN);
        sendmmsg.visitMaxs(0, 0);
        sendmmsg.visitEnd();
        writer.visitEnd();

        byte[] woven = new HookTransformer(Hooks.netty()).transform(getClass().getClassLoader(), nativeClass, null, null,
                writer.toByteArray());

        assertNotNull(woven);
        assertEquals(List.of("ILOAD 0", "ALOAD 2", "ILOAD 3", "ILOAD 4",
                        "INVOKESTATIC java/net/NicpinGate.beforeNativeSendmmsg(I[Ljava/lang/Object;II)I", "ISTORE 4"),
                firstInstructions(method(read(woven), "sendmmsg", descriptor), 6));
    }

    @Test
    void ioUringConnectsAndMessageHeadersHandTheirSocketsDescriptorNumberToTheGate() {
        HookTransformer netty = new HookTransformer(Hooks.netty());
        String channel = "io/netty/channel/uring/AbstractIoUringChannel";
        String headers = "io/netty/incubator/channel/uring/MsgHdrMemory";
        String write = "(Lio/netty/incubator/channel/uring/LinuxSocket;Ljava/net/InetSocketAddress;JIS)V";

        ClassNode connect = read(netty.transform(null, channel, null, null,
                nettyClass(channel, "submitConnect(Ljava/net/InetSocketAddress;)V")));
        ClassNode header = read(netty.transform(null, headers, null, null, nettyClass(headers, "write" + write)));

        assertEquals(List.of("ALOAD 0", "INVOKEINTERFACE io/netty/channel/unix/UnixChannel.fd()"
                        + "Lio/netty/channel/unix/FileDescriptor;", "INVOKEVIRTUAL io/netty/channel/unix/FileDescriptor.intValue()I",
                        "ALOAD 1", "INVOKESTATIC java/net/NicpinGate.beforeNativeConnect(ILjava/net/SocketAddress;)V"),
                firstInstructions(method(connect, "submitConnect", "(Ljava/net/InetSocketAddress;)V"), 5));
        assertEquals(List.of("ALOAD 1", "INVOKEVIRTUAL io/netty/channel/unix/FileDescriptor.intValue()I", "ALOAD 1",
                        "ALOAD 2", "INVOKESTATIC java/net/NicpinGate.beforeNativeSendmsg"
                                + "(ILjava/lang/Object;Ljava/net/InetSocketAddress;)V"),
                firstInstructions(method(header, "write", write), 5));
    }

    @Test
    void aCopyOfNettyThatLacksAHookIsToldToTheAgentWhenItLoadsOrAtOnceIfItLoadedBefore() {
        String socket = "io/netty/channel/unix/Socket";
        byte[] complete = nettyClass(socket, CONNECT, "sendTo(Ljava/nio/ByteBuffer;IILjava/net/InetAddress;I)I",
                "sendToAddress" + SEND_TO_ADDRESS + ")I", "sendToAddresses(JILjava/net/InetAddress;I)I");
        byte[] withoutSends = nettyClass("shaded/" + socket, CONNECT);
        HookTransformer netty = new HookTransformer(Hooks.netty());
        AtomicInteger told = new AtomicInteger();
        netty.whenNettyHooksMissing(told::incrementAndGet);

        netty.transform(null, socket, null, null, complete);
        assertEquals(0, told.get(), "every hook found its method");
        netty.transform(null, "shaded/" + socket, null, null, withoutSends);
        assertEquals(1, told.get());

        HookTransformer later = new HookTransformer(Hooks.netty());
        later.transform(null, "shaded/" + socket, null, null, withoutSends);
        AtomicInteger toldLater = new AtomicInteger();
        later.whenNettyHooksMissing(toldLater::incrementAndGet);
        assertEquals(1, toldLater.get());
    }

    @Test
    void nettyBeforeFastOpenHasItsSendToHookedWhereItCallsTheKernel() {
        String socket = "io/netty/channel/unix/Socket";
        byte[] old = nettyClass(socket, CONNECT, "sendToAddress" + SEND_TO_ADDRESS + ")I");

        ClassNode woven = read(new HookTransformer(Hooks.netty()).transform(null, socket, null, null, old));

        assertEquals(List.of("ALOAD 0", "INVOKEVIRTUAL io/netty/channel/unix/FileDescriptor.intValue()I", "ALOAD 5",
                        "ILOAD 6",
                        "INVOKESTATIC java/net/NicpinGate.beforeNativeSend(ILjava/net/InetAddress;I)V"),
                firstInstructions(method(woven, "sendToAddress", SEND_TO_ADDRESS + ")I"), 5));
    }

    @Test
    void classesWithoutHooksAndClassesOfOtherLoadersAreLeftAlone() throws IOException {
        byte[] net = jdkClass("sun/nio/ch/Net");

        assertNull(transformer.transform(null, "java/lang/String", null, null, jdkClass("java/lang/String")));
        assertNull(transformer.transform(getClass().getClassLoader(), "sun/nio/ch/Net", null, null, net));
    }

    @Test
    void aClassItCannotReadIsReportedNotThrown() {
        byte[] garbage = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0x7F, 0x7F};

        assertNull(transformer.transform(null, "sun/nio/ch/Net", null, null, garbage));
        assertNotNull(transformer.failure("sun/nio/ch/Net"));
        assertTrue(transformer.hasSeen("sun.nio.ch.Net"));
    }

    @Test
    void theSameBytesWeaveTheSameWay() throws IOException {
        byte[] net = jdkClass("sun/nio/ch/Net");

        assertArrayEquals(transformer.transform(null, "sun/nio/ch/Net", null, null, net),
                new HookTransformer(Hooks.forJdk(17)).transform(null, "sun/nio/ch/Net", null, null, net));
    }

    private ClassNode weave(String internalName) throws IOException {
        byte[] woven = transformer.transform(null, internalName, null, null, jdkClass(internalName));
        assertNotNull(woven, () -> "not woven: " + transformer.failure(internalName));
        return read(woven);
    }

    /**
     * A class shaped like one of Netty's where it matters: instance methods, each given as
     * {@code name(descriptor}, that return 1, or nothing.
     */
    private static byte[] nettyClass(String internalName, String... methods) {
        ClassWriter writer = new ClassWriter(ClassWriter.COMPUTE_MAXS);
        writer.visit(Opcodes.V1_6, Opcodes.ACC_PUBLIC, internalName, null, "java/lang/Object", null);
        for (String method : methods) {
            int parenthesis = method.indexOf('(');
            MethodVisitor code = writer.visitMethod(Opcodes.ACC_PUBLIC | Opcodes.ACC_FINAL,
                    method.substring(0, parenthesis), method.substring(parenthesis), null,
                    new String[] {"java/io/IOException"});
            code.visitCode();
            if (method.endsWith("V")) {
                code.visitInsn(Opcodes.RETURN);
            } else {
                code.visitInsn(Opcodes.ICONST_1);
                code.visitInsn(Opcodes.IRETURN);
            }
            code.visitMaxs(0, 0);
            code.visitEnd();
        }
        writer.visitEnd();
        return writer.toByteArray();
    }

    private static byte[] jdkClass(String internalName) throws IOException {
        return Files.readAllBytes(FileSystems.getFileSystem(URI.create("jrt:/"))
                .getPath("modules", "java.base", internalName + ".class"));
    }

    private static ClassNode read(byte[] classFile) {
        ClassNode node = new ClassNode();
        new ClassReader(classFile).accept(node, 0);
        return node;
    }

    private static MethodNode method(ClassNode owner, String name, String descriptor) {
        return owner.methods.stream().filter(m -> m.name.equals(name) && m.desc.equals(descriptor)).findFirst()
                .orElseThrow(() -> new AssertionError(owner.name + " has no " + name + descriptor));
    }

    private static List<String> firstInstructions(MethodNode method, int count) {
        List<String> text = new ArrayList<>();
        for (AbstractInsnNode instruction = method.instructions.getFirst(); instruction != null && text.size() < count;
                instruction = instruction.getNext()) {
            if (instruction instanceof VarInsnNode) {
                VarInsnNode variable = (VarInsnNode) instruction;
                text.add((variable.getOpcode() == Opcodes.ALOAD ? "ALOAD " : variable.getOpcode() == Opcodes.ISTORE
                        ? "ISTORE " : "ILOAD ") + variable.var);
            } else if (instruction instanceof MethodInsnNode) {
                MethodInsnNode call = (MethodInsnNode) instruction;
                String opcode = call.getOpcode() == Opcodes.INVOKESTATIC ? "INVOKESTATIC "
                        : call.getOpcode() == Opcodes.INVOKEINTERFACE ? "INVOKEINTERFACE " : "INVOKEVIRTUAL ";
                text.add(opcode + call.owner + "." + call.name + call.desc);
            } else if (instruction.getOpcode() >= 0) {
                text.add("opcode " + instruction.getOpcode());
            }
        }
        return text;
    }
}
