package dev.nicpin.it;

import dev.nicpin.it.apps.SocketSteps;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
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

    /** Runs {@link SocketSteps} with the lab's ports and these steps. */
    static ProcessResult socketSteps(JvmRunner jvm, Lab lab, List<String> steps) {
        List<String> args = new ArrayList<>(List.of(String.valueOf(lab.tcpPort()), String.valueOf(lab.udpPort())));
        args.addAll(steps);
        return jvm.runMain(classpath(), SocketSteps.class.getName(), args.toArray(String[]::new));
    }

    /** The steps {@link SocketSteps} prints a line for, in order: all but {@code new}. */
    static List<String> printed(List<String> steps) {
        return steps.stream().filter(step -> !step.equals("new")).toList();
    }
}
