package dev.nicpin.it;

import dev.nicpin.it.apps.ConnectLoop;
import dev.nicpin.it.apps.SocketSteps;
import dev.nicpin.lab.Report;
import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The test applications of {@code dev.nicpin.it.apps}, compiled with this module's tests. */
final class TestApps {

    private TestApps() {
    }

    /** Their class path: this module's compiled tests, readable by every user. */
    static String classpath() {
        try {
            return Path.of(SocketSteps.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The jars of the test's own class path from these Maven groups (such as {@code /org/slf4j/}), as the build resolved them. */
    static List<String> testClasspathJars(List<String> groups) {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> groups.stream().anyMatch(entry::contains))
                .toList();
    }

    /** Runs {@link SocketSteps} with the lab's ports and these steps. */
    static ProcessResult socketSteps(JvmRunner jvm, Lab lab, List<String> steps) {
        List<String> args = new ArrayList<>(List.of(String.valueOf(lab.tcpPort()), String.valueOf(lab.udpPort())));
        args.addAll(steps);
        return jvm.runMain(classpath(), SocketSteps.class.getName(), args.toArray(String[]::new));
    }

    /** Starts {@link ConnectLoop} to the lab's IPv4 service, TCP, at most {@code perSecond} connections a second. */
    static RunningJvm connectLoop(JvmRunner jvm, Lab lab, int perSecond) {
        return jvm.startMain(classpath(), ConnectLoop.class.getName(), Report.text(lab.serviceAddress(IpFamily.V4)),
                String.valueOf(lab.tcpPort()), String.valueOf(perSecond));
    }

    /** The steps {@link SocketSteps} prints a line for, in order: all but {@code new}. */
    static List<String> printed(List<String> steps) {
        return steps.stream().filter(step -> !step.equals("new")).toList();
    }
}
