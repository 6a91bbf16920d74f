package dev.nicpin.it.apps;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import jnr.posix.POSIX;
import jnr.posix.POSIXFactory;
import net.bytebuddy.ByteBuddy;
import net.bytebuddy.implementation.FixedValue;
import net.bytebuddy.matcher.ElementMatchers;
import org.objectweb.asm.ClassReader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A test application that ships its own, older versions of the libraries DESIGN.md (section 3)
 * keeps nicpin's apart from (ASM 7, SLF4J 1.7 with slf4j-simple, Byte Buddy 1.12, jnr-posix
 * 3.1), uses each of them, says which jar each class it looks up comes from, and connects to
 * the lab's service.
 *
 * <pre>
 * java -cp CLASSES:JARS dev.nicpin.it.apps.CoexistingApp HOST TCP_PORT
 * </pre>
 *
 * Output, one {@code KEY VALUE} line each: {@code CLASS-NAME JAR-FILE} (or {@code not-visible})
 * for each class it looks up, then what it got from {@code slf4j-binding}, {@code byte-buddy},
 * {@code asm} and {@code jnr-posix-getpid}, and last {@code tcp REPORT}. SLF4J-simple logs one
 * line to standard error.
 *
 * <p>{@code CoexistenceTest} compiles it, against exactly the jars it runs with: this module is
 * never compiled against those versions.
 */
public final class CoexistingApp {
    private static final String[] LOOKED_UP = {
        "org.objectweb.asm.ClassReader", "org.slf4j.LoggerFactory", "org.slf4j.spi.SLF4JServiceProvider",
        "net.bytebuddy.ByteBuddy", "jnr.posix.POSIXFactory",
        "dev.nicpin.rules.RuleTable", "dev.nicpin.agent.NicpinAgent", "dev.nicpin.pin.Pinner",
    };

    public static void main(String[] args) throws Exception {
        for (String name : LOOKED_UP) {
            System.out.println(name + " " + origin(name));
        }

        Logger log = LoggerFactory.getLogger("coexisting-app");
        log.info("logged through the application's own SLF4J");
        System.out.println("slf4j-binding " + LoggerFactory.getILoggerFactory().getClass().getName());

        Object made = new ByteBuddy().subclass(Object.class)
                .method(ElementMatchers.named("toString")).intercept(FixedValue.value("made-by-byte-buddy"))
                .make().load(CoexistingApp.class.getClassLoader()).getLoaded()
                .getDeclaredConstructor().newInstance();
        System.out.println("byte-buddy " + made);

        // A Java 5 class file: ASM 7 reads class files up to Java 14 only.
        System.out.println("asm " + new ClassReader("org.slf4j.Logger").getClassName());

        POSIX posix = POSIXFactory.getNativePOSIX();
        // Java 8 has no ProcessHandle: /proc/self links to this process's directory, named by its pid.
        boolean samePid = String.valueOf(posix.getpid()).equals(new File("/proc/self").getCanonicalFile().getName());
        System.out.println("jnr-posix-getpid " + (samePid ? "matches" : "differs"));

        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(args[0], Integer.parseInt(args[1])), 3000);
            socket.setSoTimeout(3000);
            InputStreamReader in = new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII);
            System.out.println("tcp " + new BufferedReader(in).readLine());
        }
    }

    /** The file name of the jar (or directory) the class comes from, as the application's loader finds it. */
    private static String origin(String name) {
        try {
            URL location = Class.forName(name).getProtectionDomain().getCodeSource().getLocation();
            String path = location.getPath();
            return path.substring(path.lastIndexOf('/', path.length() - 2) + 1);
        } catch (ClassNotFoundException e) {
            return "not-visible";
        }
    }
}
