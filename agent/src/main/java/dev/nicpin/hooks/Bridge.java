package dev.nicpin.hooks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;

/**
 * Puts {@code sun.nio.ch.NicpinBridge} where the JDK's own classes can call it, and
 * {@code java.net.NicpinGate} where any class can (DESIGN.md §3). Their class files
 * ship under {@code bridge/}, not where the agent's loader looks for that class name, so the
 * agent's loader can never define a second copy of it.
 */
public final class Bridge {
    static final String CLASS_NAME = "sun.nio.ch.NicpinBridge";
    /** Each class of the bridge, and a JDK class of the same package to define it beside. */
    private static final String[][] CLASSES = {
            {CLASS_NAME, "sun.nio.ch.IOUtil"},
            {CLASS_NAME + "$Agent", "sun.nio.ch.IOUtil"},
            {CLASS_NAME + "$Legacy", "sun.nio.ch.IOUtil"},
            {"sun.nio.ch.NicpinSockets", "sun.nio.ch.IOUtil"},
            {"sun.nio.ch.NicpinSockets$Natives", "sun.nio.ch.IOUtil"},
            {"sun.nio.ch.NicpinNettyPackets", "sun.nio.ch.IOUtil"},
            {"sun.nio.ch.NicpinNettyPackets$1", "sun.nio.ch.IOUtil"},
            {"java.net.NicpinGate", "java.net.SocketAddress"},
    };

    /** How one JDK generation defines a class in the bootstrap loader. */
    interface Definer {
        /** @param anchor a class of the JDK in the package of {@code className} */
        void define(Instrumentation instrumentation, String anchor, String className, byte[] classFile) throws Exception;
    }

    private Bridge() {
    }

    /** True if an agent (this one, or another copy) has defined the bridge in this JVM already. */
    public static boolean isDefined() {
        try {
            Class.forName(CLASS_NAME, false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    public static void define(Instrumentation instrumentation, int jdkFeature) throws Exception {
        Definer definer = jdkFeature < 9 ? new UnsafeDefiner()
                : (Definer) Class.forName("dev.nicpin.hooks.ModuleDefiner").getDeclaredConstructor().newInstance();
        for (String[] bridgeClass : CLASSES) {
            String className = bridgeClass[0];
            definer.define(instrumentation, bridgeClass[1], className, read("bridge/" + className.replace('.', '/') + ".class"));
        }
    }

    private static byte[] read(String resource) throws IOException {
        try (InputStream in = Bridge.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("the agent jar lacks " + resource);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(8192);
            byte[] buffer = new byte[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                bytes.write(buffer, 0, n);
            }
            return bytes.toByteArray();
        }
    }
}
