package dev.nicpin.it;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nicpin.lab.LabProbe;
import dev.nicpin.lab.Report;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The lab's packet counters count exactly the packets to the service, by the link they left by
 * (not by their source address), family and protocol; a reset zeroes them. {@link LabProbe}
 * sets the socket options by hand, one TCP connection and one UDP datagram per setting.
 */
@ExtendWith(LabExtension.class)
class PacketCountersTest {

    @ParameterizedTest(name = "{0}")
    @EnumSource(IpFamily.class)
    void countByLinkFamilyAndProtocol(IpFamily family, Lab lab) {
        lab.counters().reset();
        probe(lab, family, "dev=nic1");
        PacketCounters.Counts viaNic1 = lab.counters().reset();
        PacketCounters.Counts afterReset = lab.counters().read();
        probe(lab, family, "dev=nic0+src=" + Report.text(lab.clientAddress("nic1", family)));
        PacketCounters.Counts viaNic0FromNic1sAddress = lab.counters().read();

        assertAll(
                () -> assertCounted(viaNic1, "nic1", family),
                () -> assertCounted(viaNic0FromNic1sAddress, "nic0", family),
                () -> assertEquals(0, total(afterReset), "after a reset: " + afterReset));
    }

    /** One datagram and a TCP connection's few packets, all by {@code nic}, of {@code family}; nothing else. */
    private static void assertCounted(PacketCounters.Counts counts, String nic, IpFamily family) {
        long tcp = counts.packets(nic, family, "tcp");
        long udp = counts.packets(nic, family, "udp");
        assertTrue(tcp >= 3, "a TCP connection is at least 3 packets (SYN, ACK, FIN) by " + nic + ": " + counts);
        assertEquals(1, udp, "one datagram by " + nic + ": " + counts);
        assertEquals(tcp + udp, total(counts), "nothing by another link or of another family: " + counts);
    }

    private static long total(PacketCounters.Counts counts) {
        return counts.byCounter().values().stream().mapToLong(Long::longValue).sum();
    }

    private static void probe(Lab lab, IpFamily family, String settings) {
        ProcessResult run = lab.clientJvm(Build.testJavaHome())
                .jvmArgs("--add-opens", "java.base/sun.nio.ch=ALL-UNNAMED")
                .runMain(Build.labClasspath(), LabProbe.class.getName(), Report.text(lab.serviceAddress(family)),
                        String.valueOf(lab.tcpPort()), String.valueOf(lab.udpPort()), settings);
        assertEquals(0, run.exitCode(), run::describe);
        assertTrue(run.stdout().lines().allMatch(line -> line.contains(" seen-from ")), run::describe);
    }
}
