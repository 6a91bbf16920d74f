package dev.nicpin.hooks;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.security.ProtectionDomain;
import java.util.Map;

/**
 * JDK 8: defines the bridge in the bootstrap loader with {@code sun.misc.Unsafe.defineClass}
 * (removed in 11, where {@link ModuleDefiner} takes over). Unlike
 * {@code appendToBootstrapClassLoaderSearch} it needs no jar file written anywhere.
 */
final class UnsafeDefiner implements Bridge.Definer {

    @Override
    public void define(Instrumentation instrumentation, String anchor, Map<String, byte[]> classFiles)
            throws Exception {
        Class<?> unsafeClass = Class.forName("sun.misc.Unsafe");
        Field theUnsafe = unsafeClass.getDeclaredField("theUnsafe");
        theUnsafe.setAccessible(true);
        Method defineClass = unsafeClass.getMethod("defineClass",
                String.class, byte[].class, int.class, int.class, ClassLoader.class, ProtectionDomain.class);
        for (Map.Entry<String, byte[]> classFile : classFiles.entrySet()) {
            byte[] bytes = classFile.getValue();
            defineClass.invoke(theUnsafe.get(null), classFile.getKey(), bytes, 0, bytes.length, null, null);
        }
    }
}
