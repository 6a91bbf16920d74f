package dev.nicpin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.NetworkInterface;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckCommandTest {
    private static final String ABSENT = "nicpin-absent0";

    @TempDir
    Path directory;

    private String file(String name, String text) throws Exception {
        return Files.write(directory.resolve(name), text.getBytes(StandardCharsets.UTF_8)).toString();
    }

    @Test
    void summarisesAValidFileAndWarnsAboutInterfacesThisHostLacks() throws Exception {
        String present = Collections.list(NetworkInterface.getNetworkInterfaces()).get(0).getName();
        String rules = file("rules.conf", "10.20.0.0/16 dev=" + ABSENT + "\n10.20.5.0/24 direct\n2001:db8::/32 dev="
                + present + " mark=7\n10.30.0.0/16 dev=" + ABSENT + "\n");
        CliRun run = CliRun.of("check", rules);
        assertEquals(0, run.status);
        String interfaces = ABSENT.compareTo(present) < 0 ? ABSENT + ", " + present : present + ", " + ABSENT;
        assertEquals(List.of(rules + ": 4 rules (3 IPv4, 1 IPv6), interfaces: " + interfaces), run.outLines());
        assertEquals(List.of("WARNING: " + rules + ":1: dev=" + ABSENT + ": this host has no such interface (fine if"
                + " the rules are meant for another host)"), run.errLines());
    }

    @Test
    void oneRuleWithoutInterfaces() throws Exception {
        String rules = file("one.conf", "0.0.0.0/0 mark=0x10\n");
        CliRun run = CliRun.of("check", rules);
        assertEquals(0, run.status);
        assertEquals(List.of(rules + ": 1 rule (1 IPv4, 0 IPv6)"), run.outLines());
        assertEquals("", run.err);
    }

    @Test
    void anEmptyFileIsValid() throws Exception {
        String rules = file("empty.conf", "# nothing pinned yet\n");
        assertEquals(List.of(rules + ": 0 rules (0 IPv4, 0 IPv6)"), CliRun.of("check", rules).outLines());
    }

    @Test
    void anInvalidFilePrintsEveryErrorAndFails() throws Exception {
        String rules = file("bad.conf", "10.20.5.0/16 dev=eth1\n10.0.0.0/8 proto=icmp dev=eth1\n10.0.0.0/8 dev=eth2\n"
                + "10.0.0.0/8 dev=eth3\n");
        CliRun run = CliRun.of("check", rules);
        assertEquals(2, run.status);
        assertEquals("", run.out);
        assertEquals(List.of(
                rules + ":1:1: expected no host bits set beyond /16, found 10.20.5.0/16 (did you mean 10.20.0.0/16 or"
                        + " 10.20.5.0/24?)",
                rules + ":2:12: expected proto=tcp or proto=udp, found proto=icmp",
                rules + ":4:1: rule ties with " + rules + ":3: same destination 10.0.0.0/8, neither has a port or"
                        + " protocol; make one more specific or remove one"), run.errLines());
    }

    @Test
    void aMissingFileNamesThePathAndTheReason() {
        String missing = directory.resolve("missing.conf").toString();
        CliRun run = CliRun.of("check", missing);
        assertEquals(2, run.status);
        assertEquals(List.of(missing + ": cannot read: no such file or directory"), run.errLines());
    }

    @Test
    void aPathTheFileSystemCannotNameIsAnError() {
        CliRun run = CliRun.of("check", "bad\0path");
        assertEquals(2, run.status);
        assertEquals(List.of("bad\0path: cannot read: Nul character not allowed"), run.errLines());
    }

    @Test
    void needsExactlyOneFile() {
        CliRun run = CliRun.of("check");
        assertEquals(2, run.status);
        assertEquals(List.of("nicpin: check: expected RULES, found 0 arguments (run 'java -jar nicpin-agent.jar help'"
                + " for usage)"), run.errLines());
        assertEquals(2, CliRun.of("check", "a", "b").status);
    }
}
