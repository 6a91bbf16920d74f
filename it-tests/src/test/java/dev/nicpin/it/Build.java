package dev.nicpin.it;

import java.nio.file.Path;

/**
 * Where the build put what the tests run. Surefire passes these as system properties (see
 * the module's pom.xml); the defaults fit a test started by hand from the module directory.
 */
final class Build {

    private Build() {
    }

    static Path demoJar() {
        return Path.of(System.getProperty("nicpin.demo.jar", "../demo-app/target/nicpin-demo-app.jar"));
    }

    static Path labScript() {
        return Path.of(System.getProperty("nicpin.lab.script", "lab/lab.sh"));
    }

    /** Provisions the JDKs the client JVMs run on and prints their homes (see {@link Jdk}); beside the lab script. */
    static Path provisionJdksScript() {
        return labScript().resolveSibling("provision-jdks.sh");
    }

    /** The compiled lab server and probe (this module's main classes). */
    static String labClasspath() {
        return System.getProperty("nicpin.lab.classpath", "target/classes");
    }

    /** The JDK running the tests, which also runs the lab server and probe. */
    static Path testJavaHome() {
        return Path.of(System.getProperty("java.home"));
    }
}
