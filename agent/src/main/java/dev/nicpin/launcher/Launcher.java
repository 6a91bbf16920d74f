package dev.nicpin.launcher;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.security.CodeSource;
import java.security.ProtectionDomain;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

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
        start("start", arguments, instrumentation);
    }

    public static void agentmain(String arguments, Instrumentation instrumentation) {
        start("attach", arguments, instrumentation);
    }

    public static void main(String[] arguments) throws Throwable {
        Object exitCode = call("dev.nicpin.cli.Cli", "run", new Class<?>[] {String[].class, java.io.PrintStream.class,
                java.io.PrintStream.class}, arguments, System.out, System.err);
        System.exit((Integer) exitCode);
    }

    /** @param method no primitive parameter: reflection unboxing one spins a class on JDK 18+ (~10 ms, 6 MB) */
    private static void start(String method, String arguments, Instrumentation instrumentation) {
        try {
            call("dev.nicpin.agent.NicpinAgent", method, new Class<?>[] {String.class, Instrumentation.class},
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
            return Class.forName(className, true, AgentLoader.create()).getMethod(method, parameters)
                    .invoke(null, arguments);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /**
     * Reads the agent's classes and resources under {@code nicpin/} straight from the jar, opened
     * once. Not a {@code URLClassLoader} on a {@code jar:…!/nicpin/} URL: that opens a URL
     * connection for every class, a fifth of the agent's start-up (docs/benchmarks.md).
     */
    static final class AgentLoader extends ClassLoader {
        private static final String PREFIX = "nicpin/";

        static {
            registerAsParallelCapable();
        }

        private final ZipFile jar;
        private final URL jarUrl;
        private final ProtectionDomain domain;

        private AgentLoader(ClassLoader parent, ZipFile jar, URL jarUrl) {
            super(parent);
            this.jar = jar;
            this.jarUrl = jarUrl;
            this.domain = new ProtectionDomain(new CodeSource(jarUrl, (Certificate[]) null), null, this, null);
        }

        static ClassLoader create() throws Exception {
            URL jarUrl = Launcher.class.getProtectionDomain().getCodeSource().getLocation();
            return new AgentLoader(platformLoader(), new ZipFile(new File(jarUrl.toURI())), jarUrl);
        }

        /**
         * The platform loader on JDK 9+ (JDK modules outside java.base): the top of the system
         * loader's chain, found without reflection, since reflection on a caller-sensitive method
         * costs 20 ms of annotation parsing. On JDK 8 the bootstrap loader: there the top is the
         * extension loader, which would show the agent whatever sits in jre/lib/ext.
         */
        private static ClassLoader platformLoader() {
            if (System.getProperty("java.specification.version").startsWith("1.")) {
                return null;
            }
            ClassLoader top = ClassLoader.getSystemClassLoader();
            while (top.getParent() != null) {
                top = top.getParent();
            }
            return top;
        }

        @Override
        protected Class<?> findClass(String name) throws ClassNotFoundException {
            ZipEntry entry = jar.getEntry(PREFIX + name.replace('.', '/') + ".class");
            if (entry == null) {
                throw new ClassNotFoundException(name);
            }
            try {
                byte[] classFile = read(entry);
                return defineClass(name, classFile, 0, classFile.length, domain);
            } catch (IOException e) {
                throw new ClassNotFoundException(name + ": cannot read it from " + jar.getName(), e);
            }
        }

        @Override
        protected URL findResource(String name) {
            try {
                return jar.getEntry(PREFIX + name) == null ? null : new URL("jar:" + jarUrl + "!/" + PREFIX + name);
            } catch (MalformedURLException e) {
                return null;
            }
        }

        @Override
        protected Enumeration<URL> findResources(String name) {
            URL url = findResource(name);
            return url == null ? Collections.<URL>emptyEnumeration() : Collections.enumeration(Collections.singleton(url));
        }

        /**
         * The agent's own resources (the bridge's class files, the version) are read from the open
         * jar, not through a URL connection each; their names are nicpin's, which no JDK resource has.
         */
        @Override
        public InputStream getResourceAsStream(String name) {
            ZipEntry entry = jar.getEntry(PREFIX + name);
            if (entry == null) {
                return super.getResourceAsStream(name);
            }
            try {
                return jar.getInputStream(entry);
            } catch (IOException e) {
                return null;
            }
        }

        private byte[] read(ZipEntry entry) throws IOException {
            try (InputStream in = jar.getInputStream(entry)) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream(entry.getSize() > 0 ? (int) entry.getSize() : 8192);
                byte[] buffer = new byte[8192];
                for (int n; (n = in.read(buffer)) > 0; ) {
                    bytes.write(buffer, 0, n);
                }
                return bytes.toByteArray();
            }
        }
    }
}
