package dev.nicpin.hooks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Puts {@code sun.nio.ch.NicpinBridge} where the JDK's own classes can call it, and
 * {@code java.net.NicpinGate} where any class can (DESIGN.md §3). Their class files
 * ship under {@code bridge/}, not where the agent's loader looks for that class name, so the
 * agent's loader can never define a second copy of it.
 */
public final class Bridge {
    static final String CLASS_NAME = "sun.nio.ch.NicpinBridge";
    /** The bridge's classes in {@code sun.nio.ch}, defined beside {@code IOUtil}. */
    private static final String[] IN_SUN_NIO_CH = {"NicpinBridge", "NicpinBridge$Agent", "NicpinBridge$Legacy",
            "NicpinSockets", "NicpinSockets$Natives", "NicpinNettyPackets", "NicpinNettyPackets$Fields"};
    /** The gate, in {@code java.net}, defined beside {@code SocketAddress}. */
    private static final String[] IN_JAVA_NET = {"NicpinGate"};

    /** How one JDK generation defines classes in the bootstrap loader. */
    interface Definer {
        /**
         * @param anchor a class of the JDK in the package of every class in {@code classFiles}
         * @param classFiles by class name, in the order to define them
         */
        void define(Instrumentation instrumentation, String anchor, Map<String, byte[]> classFiles) throws Exception;
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
        definer.define(instrumentation, "sun.nio.ch.IOUtil", classFiles("sun.nio.ch", IN_SUN_NIO_CH));
        definer.define(instrumentation, "java.net.SocketAddress", classFiles("java.net", IN_JAVA_NET));
    }

    private static Map<String, byte[]> classFiles(String packageName, String[] simpleNames) throws IOException {
        Map<String, byte[]> classFiles = new LinkedHashMap<>();
        for (String simpleName : simpleNames) {
            String className = packageName + "." + simpleName;
            classFiles.put(className, read("bridge/" + className.replace('.', '/') + ".class"));
        }
        return classFiles;
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
