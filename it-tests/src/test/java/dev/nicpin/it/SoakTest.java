package dev.nicpin.it;

import static dev.nicpin.lab.Report.text;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nicpin.it.LoadTest.Destination;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A bounded soak: for {@value #SOAK_SECONDS} s, {@value #THREADS} threads exchange with the load
 * test's four destinations while the rules file is replaced every second (two versions, which pin
 * the same destinations to nic1 by other means) and nic1 fails every {@value #FAULT_EVERY_SECONDS}
 * s, taken down or deleted for {@value #OUTAGE_SECONDS} s and then made again (the lab server
 * restarts with it, and nic1 has a new interface index); the last {@value #CLEAN_SECONDS} s are
 * quiet. Under {@code onError=fail}: no packet of a pinned destination leaves by nic0, nor one of
 * the unpinned destination by nic1; an exchange lands on its rule's interface or fails, never
 * elsewhere; every exchange started in the last {@value #LAST_SECONDS} s lands, none fails; every
 * version is reloaded; and at the end file descriptors, threads and the heap after a full
 * collection are where they were after the warm-up.
 */
@ExtendWith(LabExtension.class)
class SoakTest {
    private static final int SOAK_SECONDS = 100;
    private static final int CLEAN_SECONDS = 15;
    /** The quiet end but its first seconds, which connects begun in the last outage may still take (7 s at most). */
    private static final int LAST_SECONDS = 7;
    private static final int FAULT_EVERY_SECONDS = 10;
    private static final int OUTAGE_SECONDS = 2;
    private static final int THREADS = 32;
    /** The heap in use after a full collection may grow by this much: a leak of a few bytes per exchange would pass it many times over. */
    private static final long HEAP_SLACK_KIB = 2048;
    private static final Duration PATIENCE = Duration.ofSeconds(45);
    /** What an exchange may fail with while nic1 is down or gone, or the server restarts. */
    private static final Set<String> OUTAGE_FAILURES = Set.of("FAILED: java.net.SocketException",
            "FAILED: java.net.ConnectException", "FAILED: java.net.NoRouteToHostException",
            "FAILED: java.net.SocketTimeoutException", "FAILED: java.net.PortUnreachableException");

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.nicpin.it.Jdk#one")
    void reloadsNicFlapsAndLoadTogetherLeakNeitherTrafficNorResources(Jdk jdk, Lab lab)
            throws IOException, InterruptedException {
        List<Destination> destinations = LoadTest.destinations(lab);
        String[] pinnedByOtherMeans = {
            text(lab.serviceAddress(IpFamily.V4)) + " proto=tcp mark=0x10",
            text(lab.serviceAddress(IpFamily.V6)) + " proto=tcp dev=nic1",
            text(lab.serviceAddress(IpFamily.V4)) + " proto=udp dev=nic1",
        };
        String[] pinnedAsTheLoadTestDoes = destinations.stream().map(Destination::rule)
                .filter(rule -> rule != null).toArray(String[]::new);
        RuleFiles.Replaceable rules = RuleFiles.replaceable(pinnedAsTheLoadTestDoes);
        Path warmedUp = LoadTest.warmUpEnd();
        JvmRunner jvm = lab.clientJvm(jdk).jvmArgs(AgentJar.option("rules=" + rules.path() + ",onError=fail"));
        // A connect whose handshake an outage swallows gives up after 7 s rather than Linux's 127 s,
        // so that the app's threads end within its hang limit (30 s).
        lab.inClient("sysctl", "-qw", "net.ipv4.tcp_syn_retries=2");
        PacketCounters.Counts before = lab.counters().read();

        ProcessResult run;
        int replaced = 0;
        try (RunningJvm app = LoadTest.start(jvm, lab, "platform", THREADS, THREADS, warmedUp,
                Duration.ofSeconds(SOAK_SECONDS).toMillis() + "/" + Duration.ofSeconds(LAST_SECONDS).toMillis(),
                destinations)) {
            app.awaitRulesWatch(PATIENCE);
            Files.createFile(warmedUp);
            long start = System.nanoTime();
            for (int second = 1; second <= SOAK_SECONDS - CLEAN_SECONDS; second++) {
                sleepUntil(start, second);
                rules.replace(second % 2 == 0 ? pinnedAsTheLoadTestDoes : pinnedByOtherMeans);
                replaced++;
                if (second % FAULT_EVERY_SECONDS == 0) {
                    boolean delete = second % (2 * FAULT_EVERY_SECONDS) == 0;
                    lab.inClient(delete ? new String[] {"ip", "link", "del", "nic1"}
                            : new String[] {"ip", "link", "set", "nic1", "down"});
                    sleepUntil(start, second + OUTAGE_SECONDS);
                    lab.relink("nic1");
                    second += OUTAGE_SECONDS;
                }
            }
            app.awaitStdout(line -> line.startsWith("threads-after "), Duration.ofSeconds(SOAK_SECONDS).plus(PATIENCE));
            run = app.stop();
        }

        PacketCounters.Counts sent = lab.counters().read().minus(before);
        LoadTest.Output output = LoadTest.Output.of(run, destinations);
        assertAll(destinations.stream().map(destination -> () -> {
            Map<String, Long> outcomes = output.tallies().getOrDefault(destination.name(), Map.of());
            String expected = destination.expected(lab).toString();
            assertTrue(outcomes.getOrDefault(expected, 0L) > 0, () -> destination.name() + ": none answered\n" + run.describe());
            assertTrue(outcomes.keySet().stream().allMatch(outcome -> outcome.equals(expected)
                    || OUTAGE_FAILURES.contains(outcome)), () -> destination.name() + ": " + outcomes + "\n" + run.describe());
            Map<String, Long> last = output.tallies().getOrDefault("last:" + destination.name(), Map.of());
            assertEquals(List.of(expected), List.copyOf(last.keySet()),
                    () -> destination.name() + ": every exchange of the quiet end answered, " + expected + "\n" + run.describe());
            String other = destination.nic().equals("nic0") ? "nic1" : "nic0";
            assertEquals(0, sent.packets(other, destination.family(), destination.protocol()),
                    () -> destination.name() + ": no packet by " + other + "; counted " + sent + "\n" + run.describe());
        }));
        long reloads = run.stderr().lines().filter(line -> line.contains(" reloaded: ")).count();
        System.out.println("soak on " + jdk + ": " + output.tallies() + ", " + output.figures() + ", versions replaced "
                + replaced + ", reloaded " + reloads + ", packets " + sent); // the figures of docs/reliability.md
        assertEquals(replaced, reloads, () -> "every version replaced is reloaded\n" + run.describe());
        Map<String, String> figures = output.figures();
        assertEquals(figures.get("fds-before"), figures.get("fds-after"), () -> "open file descriptors\n" + run.describe());
        assertEquals(figures.get("threads-before"), figures.get("threads-after"), () -> "live threads\n" + run.describe());
        long heapGrowth = Long.parseLong(figures.get("heap-after")) - Long.parseLong(figures.get("heap-before"));
        assertTrue(heapGrowth <= HEAP_SLACK_KIB, () -> "heap in use grew by " + heapGrowth + " KiB\n" + run.describe());
    }

    private static void sleepUntil(long start, int second) throws InterruptedException {
        long wait = start + Duration.ofSeconds(second).toNanos() - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }
}
