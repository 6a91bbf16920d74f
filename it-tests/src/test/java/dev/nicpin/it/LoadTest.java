package dev.nicpin.it;

import static dev.nicpin.lab.Report.text;
import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nicpin.it.apps.LoadClients;
import dev.nicpin.lab.Report;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Under load, 64 platform threads (and on JDK 21+ 10,000 virtual ones) connecting and sending
 * for a few seconds to four destinations, one for each address family and protocol, decided by
 * {@code dev=}, {@code src=}, {@code mark=} and no rule: every exchange lands on its rule's
 * interface as the server reports it, none fails, the packet counters saw no packet of any of
 * them leave by the other link, file descriptors and threads are back to their count after a
 * warm-up round, and the app ends (on a hang it dumps its threads and exits 3). The figures of
 * connections per second come from bench/load.sh, not from here.
 */
@ExtendWith(LabExtension.class)
class LoadTest {
    private static final int RUN_MILLIS = 3000;
    private static final int PLATFORM_THREADS = 64;
    private static final int VIRTUAL_THREADS = 10_000;
    /**
     * Exchanges at once among the virtual threads: all 10,000 at once overflow the lab server's
     * datagram queues, which drop datagrams whatever the agent does.
     */
    private static final int VIRTUAL_IN_FLIGHT = 256;
    /** For the agent's late start, and for the app's end, which its own hang detector brings within 30 s. */
    private static final Duration PATIENCE = Duration.ofSeconds(45);

    /** A destination of the load, the rule that decides it, and where it must land. */
    record Destination(String name, String kind, IpFamily family, String protocol, String rule, String nic) {

        String argument(Lab lab) {
            int port = protocol.equals("tcp") ? lab.tcpPort() : lab.udpPort();
            return name + "=" + kind + ":" + text(lab.serviceAddress(family)) + ":" + port;
        }

        Report expected(Lab lab) {
            return new Report(lab.clientAddress(nic, family), nic);
        }
    }

    static List<Destination> destinations(Lab lab) {
        String service4 = text(lab.serviceAddress(IpFamily.V4));
        String service6 = text(lab.serviceAddress(IpFamily.V6));
        return List.of(
                new Destination("v4-tcp-dev", "socket", IpFamily.V4, "tcp", service4 + " proto=tcp dev=nic1", "nic1"),
                new Destination("v6-tcp-src", "socket-channel", IpFamily.V6, "tcp",
                        service6 + " proto=tcp src=" + text(lab.clientAddress("nic1", IpFamily.V6)), "nic1"),
                new Destination("v4-udp-mark", "datagram-socket", IpFamily.V4, "udp", service4 + " proto=udp mark=0x10",
                        "nic1"),
                new Destination("v6-udp-os", "datagram-channel", IpFamily.V6, "udp", null, "nic0"));
    }

    static Stream<Arguments> cases() {
        return Jdk.configured().stream().flatMap(jdk -> jdk.feature() >= 21
                ? Stream.of(Arguments.of(jdk, "platform"), Arguments.of(jdk, "virtual"))
                : Stream.of(Arguments.of(jdk, "platform")));
    }

    @ParameterizedTest(name = "{0}, {1} threads")
    @MethodSource("cases")
    void everyConnectionLandsOnItsRulesInterfaceNoneFailsAndNothingLeaks(Jdk jdk, String threads, Lab lab)
            throws IOException, InterruptedException {
        List<Destination> destinations = destinations(lab);
        Path rules = RuleFiles.write(destinations.stream().map(Destination::rule).filter(Objects::nonNull)
                .toArray(String[]::new));
        boolean virtual = threads.equals("virtual");
        Path warmedUp = warmUpEnd();
        JvmRunner jvm = lab.clientJvm(jdk).jvmArgs(AgentJar.option("rules=" + rules));
        PacketCounters.Counts before = lab.counters().read();

        ProcessResult run;
        try (RunningJvm app = start(jvm, lab, threads, virtual ? VIRTUAL_THREADS : PLATFORM_THREADS,
                virtual ? VIRTUAL_IN_FLIGHT : PLATFORM_THREADS, warmedUp, String.valueOf(RUN_MILLIS), destinations)) {
            app.awaitRulesWatch(PATIENCE);
            Files.createFile(warmedUp);
            app.awaitStdout(line -> line.startsWith("threads-after "), PATIENCE);
            run = app.stop();
        }

        PacketCounters.Counts sent = lab.counters().read().minus(before);
        Output output = Output.of(run, destinations);
        Map<String, Map<String, Long>> tallies = output.tallies();
        Map<String, String> figures = output.figures();
        assertAll(destinations.stream().map(destination -> () -> {
            Map<String, Long> outcomes = tallies.getOrDefault(destination.name(), Map.of());
            String expected = destination.expected(lab).toString();
            assertEquals(List.of(expected), List.copyOf(outcomes.keySet()),
                    () -> destination.name() + ": every exchange answered, " + expected + "\n" + run.describe());
            long exchanged = outcomes.get(expected);
            String other = destination.nic().equals("nic0") ? "nic1" : "nic0";
            assertEquals(0, sent.packets(other, destination.family(), destination.protocol()),
                    () -> destination.name() + ": no packet by " + other + "; counted " + sent + "\n" + run.describe());
            long packets = sent.packets(destination.nic(), destination.family(), destination.protocol());
            // A datagram is one packet; a connection several.
            assertTrue(destination.protocol().equals("udp") ? packets == exchanged : packets >= exchanged,
                    () -> destination.name() + ": " + exchanged + " exchanges, " + packets + " packets by "
                            + destination.nic() + "\n" + run.describe());
        }));
        assertEquals(figures.get("fds-before"), figures.get("fds-after"), () -> "open file descriptors\n" + run.describe());
        assertEquals(figures.get("threads-before"), figures.get("threads-after"), () -> "live threads\n" + run.describe());
    }

    /** A path for the file whose making ends {@link LoadClients}'s warm-up round; not made yet. */
    static Path warmUpEnd() throws IOException {
        Path directory = Files.createTempDirectory("nicpin-it-");
        directory.toFile().deleteOnExit();
        Path warmedUp = directory.resolve("warmed-up");
        warmedUp.toFile().deleteOnExit();
        return warmedUp;
    }

    /**
     * Starts {@link LoadClients} with these destinations; its warm-up round lasts until {@code warmedUp}
     * is made, its measured round {@code run} ({@code MS} or {@code MS/LAST_MS}, as LoadClients reads it).
     */
    static RunningJvm start(JvmRunner jvm, Lab lab, String threads, int count, int inFlight, Path warmedUp,
                            String run, List<Destination> destinations) {
        List<String> args = new ArrayList<>(List.of(threads, String.valueOf(count), String.valueOf(inFlight),
                warmedUp.toString(), run));
        destinations.forEach(destination -> args.add(destination.argument(lab)));
        return jvm.startMain(TestApps.classpath(), LoadClients.class.getName(), args.toArray(String[]::new));
    }

    /**
     * What {@link LoadClients} printed: per destination (and per {@code last:} destination), each
     * outcome and its count; and the figures (connections, fds-before ...) by name.
     */
    record Output(Map<String, Map<String, Long>> tallies, Map<String, String> figures) {

        static Output of(ProcessResult run, List<Destination> destinations) {
            List<String> names = destinations.stream().map(Destination::name).toList();
            Map<String, Map<String, Long>> tallies = new TreeMap<>();
            Map<String, String> figures = new LinkedHashMap<>();
            for (AppOutput.Line line : AppOutput.parse(run.stdout())) {
                if (names.contains(line.name().substring(line.name().indexOf(':') + 1))) {
                    String[] countAndOutcome = line.outcome().split(" ", 2);
                    tallies.computeIfAbsent(line.name(), name -> new TreeMap<>())
                            .put(countAndOutcome[1], Long.parseLong(countAndOutcome[0]));
                } else {
                    figures.put(line.name(), line.outcome());
                }
            }
            return new Output(tallies, figures);
        }
    }
}
