package dev.nicpin.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.function.Executable;

/**
 * What one run of the demo app should come to: an {@link ExpectedOutcome} for every path, and,
 * from those, where its packets to the service may be counted. A protocol's packets must have
 * left by each link one of its paths was answered through, and by no other: by none at all
 * when the agent refused (or the JDK skipped) every path of that protocol.
 */
final class ExpectedPaths {
    private static final List<String> NICS = List.of("nic0", "nic1");

    private final Map<String, ExpectedOutcome> byPath;

    private ExpectedPaths(Map<String, ExpectedOutcome> byPath) {
        this.byPath = byPath;
    }

    /** Each path's outcome on {@code jdk}, from its transport ({@code tcp}, {@code udp}, {@code http}). */
    static ExpectedPaths byTransport(Jdk jdk, Function<String, ExpectedOutcome> outcome) {
        return byPath(jdk, path -> outcome.apply(DemoOutput.PATHS.get(path)));
    }

    /** Each path's outcome on {@code jdk}, from its name; a path the JDK does not have is skipped. */
    static ExpectedPaths byPath(Jdk jdk, Function<String, ExpectedOutcome> outcome) {
        Map<String, ExpectedOutcome> byPath = new LinkedHashMap<>();
        for (String path : DemoOutput.PATHS.keySet()) {
            byPath.put(path, ExpectedOutcome.onJdk(jdk, path, outcome.apply(path)));
        }
        return new ExpectedPaths(byPath);
    }

    void assertMetBy(AgentDemoRun run, IpFamily family) {
        assertFalse(run.process().timedOut(), run::describe);
        List<DemoOutput.Line> lines = run.lines();
        assertEquals(List.copyOf(byPath.keySet()), lines.stream().map(DemoOutput.Line::path).toList(), run::describe);

        List<Executable> checks = new ArrayList<>();
        boolean refusals = byPath.values().stream().anyMatch(ExpectedOutcome::refusal);
        checks.add(() -> assertEquals(refusals ? 1 : 0, run.process().exitCode(), "the demo app's exit status"));
        lines.forEach(line -> checks.add(() -> byPath.get(line.path()).check(line)));
        for (String protocol : List.of("tcp", "udp")) {
            Set<String> links = linksOf(protocol);
            for (String nic : NICS) {
                long packets = run.sent().packets(nic, family, protocol);
                String counter = protocol + " packets to the service by " + nic;
                checks.add(links.contains(nic)
                        ? () -> assertTrue(packets > 0, counter + ": expected some, found none")
                        : () -> assertEquals(0, packets, counter + ": expected none"));
            }
        }
        assertAll(run.describe(), checks);
    }

    private Set<String> linksOf(String protocol) {
        return byPath.entrySet().stream()
                .filter(entry -> DemoOutput.protocol(DemoOutput.PATHS.get(entry.getKey())).equals(protocol))
                .map(entry -> entry.getValue().nic())
                .flatMap(Optional::stream)
                .collect(Collectors.toSet());
    }
}
