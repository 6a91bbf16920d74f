package dev.nicpin.it;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The packet counters of a lab's client namespace ({@code lab.sh counters}): how many packets
 * to the service address left by each link, per address family and protocol, counted after
 * every routing decision. What the far side reports shows where traffic that arrived came
 * from; the counters also show that traffic which must not leave at all did not.
 *
 * <pre>
 * PacketCounters.Counts before = lab.counters().read();
 * ... run a client ...
 * PacketCounters.Counts sent = lab.counters().read().minus(before);
 * sent.packets("nic1", IpFamily.V4, "udp");
 * </pre>
 */
public final class PacketCounters {
    private static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(10);

    private final String lab;

    PacketCounters(String lab) {
        this.lab = lab;
    }

    /** The counts since the lab came up or was last reset. */
    public Counts read() {
        return Counts.parse(Processes.output(List.of(Build.labScript().toString(), "counters", lab), SCRIPT_TIMEOUT));
    }

    /** Zeroes every counter; returns the counts it had, read in the same step. */
    public Counts reset() {
        return Counts.parse(Processes.output(List.of(Build.labScript().toString(), "counters", lab, "reset"),
                SCRIPT_TIMEOUT));
    }

    /** Packet counts by counter name, such as {@code NIC1_V6_UDP}. */
    public record Counts(Map<String, Long> byCounter) {

        static Counts parse(String keyValueLines) {
            return new Counts(keyValueLines.lines()
                    .map(line -> line.split("=", 2))
                    .collect(Collectors.toMap(pair -> pair[0], pair -> Long.parseLong(pair[1]), Long::sum, TreeMap::new)));
        }

        /** Packets to the service of {@code family} that left by {@code nic} ({@code nic0}, {@code nic1}) over {@code protocol} ({@code tcp}, {@code udp}). */
        public long packets(String nic, IpFamily family, String protocol) {
            String counter = (nic + "_" + family + "_" + protocol).toUpperCase(Locale.ROOT);
            Long count = byCounter.get(counter);
            if (count == null) {
                throw new IllegalArgumentException("the lab has no counter " + counter + ": " + this);
            }
            return count;
        }

        /** What was counted since {@code earlier}. */
        public Counts minus(Counts earlier) {
            Map<String, Long> difference = new TreeMap<>(byCounter);
            earlier.byCounter.forEach((counter, count) -> difference.merge(counter, -count, Long::sum));
            return new Counts(difference);
        }

        @Override
        public String toString() {
            return byCounter.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
        }
    }
}
