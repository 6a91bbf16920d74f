package dev.nicpin.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A lab comes and goes quickly and completely, and a crashed run's leftovers do not pile up. */
@ExtendWith(Prerequisites.class)
class LabLifecycleTest {
    private static final Duration WELL_UNDER_A_SECOND = Duration.ofMillis(1000);

    @Test
    void upAndDownAreQuickAndLeaveNothingBehind() {
        long start = System.nanoTime();
        Lab lab = Lab.up();
        Duration up = Duration.ofNanos(System.nanoTime() - start);
        start = System.nanoTime();
        lab.close();
        Duration down = Duration.ofNanos(System.nanoTime() - start);

        System.out.printf("lab up %d ms, down %d ms%n", up.toMillis(), down.toMillis());
        assertTrue(up.compareTo(WELL_UNDER_A_SECOND) < 0, "lab up took " + up.toMillis() + " ms");
        assertTrue(down.compareTo(WELL_UNDER_A_SECOND) < 0, "lab down took " + down.toMillis() + " ms");
        assertTrue(lab.name().startsWith("nicpin-" + ProcessHandle.current().pid() + "-"),
                "the lab must be owned by this JVM, so a sweep spares it while the JVM lives: " + lab.name());
        assertFalse(namespaces().contains(lab.clientNamespace()), "client namespace left behind");
        assertFalse(namespaces().contains(lab.serverNamespace()), "server namespace left behind");
    }

    @Test
    void closeKillsTheServerThatDeletingTheNamespaceWouldNot() {
        Lab lab = Lab.up();
        ProcessHandle server;
        try {
            lab.startServer();
            server = lab.serverProcess();
        } finally {
            lab.close();
        }
        assertFalse(server.isAlive(), "the lab server outlived its lab");
    }

    @Test
    void upRemovesTheLabsOfOwnersThatDied() throws IOException, InterruptedException {
        Process owner = new ProcessBuilder("true").start();
        owner.waitFor();
        String leftover = "nicpin-" + owner.pid() + "-0dead000";
        try {
            Processes.output(List.of("ip", "netns", "add", leftover + "-c"), Duration.ofSeconds(10));
            Processes.output(List.of("ip", "netns", "add", leftover + "-s"), Duration.ofSeconds(10));
            Lab.up().close();
            assertFalse(namespaces().contains(leftover + "-c"), "the dead owner's client namespace is still there");
            assertFalse(namespaces().contains(leftover + "-s"), "the dead owner's server namespace is still there");
        } finally {
            for (String namespace : List.of(leftover + "-c", leftover + "-s")) {
                Processes.run(List.of("ip", "netns", "del", namespace), Map.of(), Duration.ofSeconds(10));
            }
        }
    }

    private static List<String> namespaces() {
        return Processes.output(List.of("ip", "netns", "list"), Duration.ofSeconds(10)).lines()
                .map(line -> line.split(" ")[0])
                .toList();
    }
}
