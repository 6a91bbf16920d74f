package dev.nicpin.launcher;

import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.net.URL;
import java.net.URLClassLoader;

/**
 * The entry points of nicpin-agent.jar: {@code -javaagent} ({@link #premain}), attach
 * ({@link #agentmain}) and {@code java -jar} ({@link #main}). This is the one class on the
 * application's class path; it keeps no state, logs nothing, and hands over at once to the
 * agent's own class loader, which reads the classes under {@code nicpin/} in the same jar. There
 * the agent's libraries (ASM, SLF4J) cannot meet other versions of the same libraries the
 * application ships, and the application cannot see them.
 */
public final class Launcher {

    private Launcher() {
    }

    public static void premain(String arguments, Instrumentation instrumentation) {
        start(arguments, instrumentation);
    }

    public static void agentmain(String arguments, Instrumentation instrumentation) {
        start(arguments, instrumentation);
    }

    public static void main(String[] arguments) throws Throwable {
        Object exitCode = call("dev.nicpin.cli.Cli", "run", new Class<?>[] {String[].class, java.io.PrintStream.class,
                java.io.PrintStream.class}, arguments, System.out, System.err);
        System.exit((Integer) exitCode);
    }

    private static void start(String arguments, Instrumentation instrumentation) {
        try {
            call("dev.nicpin.agent.NicpinAgent", "start", new Class<?>[] {String.class, Instrumentation.class},
                    arguments, instrumentation);
        } catch (Throwable e) {
            // An exception escaping premain would abort the JVM: the application runs, and says why nicpin does not.
            System.err.println("[nicpin] ERROR the agent could not start; nothing is pinned: " + e);
            e.printStackTrace();
        }
    }

    private static Object call(String className, String method, Class<?>[] parameters, Object... arguments)
            throws Throwable {
        try {
            return Class.forName(className, true, agentLoader()).getMethod(method, parameters).invoke(null, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static ClassLoader agentLoader() throws Exception {
        URL jar = Launcher.class.getProtectionDomain().getCodeSource().getLocation();
        return new URLClassLoader(new URL[] {new URL("jar:" + jar + "!/nicpin/")}, platformLoader());
    }

    /** The platform loader on JDK 9+ (JDK modules outside java.base); the bootstrap loader on JDK 8. */
    private static ClassLoader platformLoader() throws Exception {
        try {
            return (ClassLoader) ClassLoader.class.getMethod("getPlatformClassLoader").invoke(null);
        } catch (NoSuchMethodException jdk8) {
            return null;
        }
    }
}
