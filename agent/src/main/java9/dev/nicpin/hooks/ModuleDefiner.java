package dev.nicpin.hooks;

import java.lang.instrument.Instrumentation;
import java.lang.invoke.MethodHandles;
import java.util.Map;
import java.util.Set;

/**
 * JDK 9+: defines classes of the bridge inside {@code java.base}, beside a JDK class of their package.
 *
 * <p>Not {@code appendToBootstrapClassLoaderSearch}: it cannot add to a package of a named
 * module, and it makes HotSpot print a CDS warning. The package is opened to the agent's own
 * loader only; opening it from the launcher would open it to the whole application class path.
 */
final class ModuleDefiner implements Bridge.Definer {

    @Override
    public void define(Instrumentation instrumentation, String anchor, Map<String, byte[]> classFiles)
            throws Exception {
        Class<?> beside = Class.forName(anchor, false, null);
        // Always, even where the package already looks open: on JDK 9-16 that is the illegal-access
        // opening to every unnamed module, and using it prints a warning.
        Map<String, Set<Module>> toAgent = Map.of(beside.getPackageName(), Set.of(ModuleDefiner.class.getModule()));
        instrumentation.redefineModule(Object.class.getModule(), Set.of(), toAgent, toAgent, Set.of(), Map.of());
        MethodHandles.Lookup lookup = MethodHandles.privateLookupIn(beside, MethodHandles.lookup());
        for (byte[] classFile : classFiles.values()) {
            lookup.defineClass(classFile);
        }
    }
}
