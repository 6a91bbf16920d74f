package dev.nicpin.hooks;

import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.util.Map;
import java.util.Set;

/**
 * JDK 9+: defines the bridge inside {@code java.base}, package {@code sun.nio.ch}.
 *
 * <p>Not {@code appendToBootstrapClassLoaderSearch}: it cannot add to a package of a named
 * module, and it makes HotSpot print a CDS warning. The package is opened to the agent's own
 * loader only; opening it from the launcher would open it to the whole application class path.
 */
final class ModuleDefiner implements Bridge.Definer {

    @Override
    public void define(Instrumentation instrumentation, String className, byte[] classFile) throws Exception {
        // Always, even where the package already looks open: on JDK 9-16 that is the illegal-access
        // opening to every unnamed module, and using it prints a warning.
        Map<String, Set<Module>> toAgent = Map.of("sun.nio.ch", Set.of(ModuleDefiner.class.getModule()));
        instrumentation.redefineModule(Object.class.getModule(), Set.of(), toAgent, toAgent, Set.of(), Map.of());
        Class<?> anchor = Class.forName("sun.nio.ch.IOUtil", false, null);
        MethodHandles.privateLookupIn(anchor, MethodHandles.lookup()).defineClass(classFile);
    }
}
