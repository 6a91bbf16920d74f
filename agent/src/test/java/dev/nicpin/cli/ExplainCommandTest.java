package dev.nicpin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExplainCommandTest {
    @TempDir
    Path directory;
    private String rules;

    @BeforeEach
    void writeRules() throws Exception {
        rules = Files.write(directory.resolve("rules.conf"), String.join("\n",
                "10.20.0.0/16 dev=eth1",
                "10.20.5.0/24 direct",
                "10.20.5.0/24 port=80 dev=eth3",
                "0.0.0.0/0 mark=0x10",
                "127.0.0.2 dev=lo",
                "").getBytes(StandardCharsets.UTF_8)).toString();
    }

    @Test
    void printsTheWinnerWhyItWonAndEveryOtherRuleConsidered() {
        CliRun run = CliRun.of("explain", rules, "10.20.5.7", "443", "tcp");
        assertEquals(0, run.status);
        assertEquals("", run.err);
        assertEquals(List.of(
                "10.20.5.7 port 443 tcp: " + rules + ":2  10.20.5.0/24 direct",
                "  why: longest prefix: /24 over /16 (" + rules + ":1)",
                "  " + rules + ":3  10.20.5.0/24 port=80 dev=eth3",
                "    skipped: port=80 does not include 443",
                "  " + rules + ":1  10.20.0.0/16 dev=eth1",
                "    lost: shorter prefix than " + rules + ":2 (/16 < /24)",
                "  " + rules + ":4  0.0.0.0/0 mark=0x10",
                "    lost: shorter prefix than " + rules + ":2 (/0 < /24)"), run.outLines());
    }

    @Test
    void portAndProtocolAreOptionalAndInEitherOrder() {
        assertEquals("10.20.5.7 port 80 udp: " + rules + ":3  10.20.5.0/24 port=80 dev=eth3",
                CliRun.of("explain", rules, "10.20.5.7", "udp", "80").outLines().get(0));
        assertEquals("10.20.5.7: " + rules + ":2  10.20.5.0/24 direct",
                CliRun.of("explain", rules, "10.20.5.7").outLines().get(0));
        assertEquals("2.2.2.2 tcp: " + rules + ":4  0.0.0.0/0 mark=0x10",
                CliRun.of("explain", rules, "2.2.2.2", "tcp").outLines().get(0));
    }

    @Test
    void noRuleLetsTheOsRouteIt() {
        CliRun run = CliRun.of("explain", rules, "2001:db8::1", "443");
        assertEquals(0, run.status);
        assertEquals(List.of("no rule: the OS routes it"), run.outLines());
    }

    @Test
    void saysWhenAnAddressIsNotGlobalUnicast() {
        assertEquals(List.of(
                "no rule: the OS routes it",
                "  127.0.0.1 is loopback (127.0.0.0/8), not global unicast: rules broader than 127.0.0.0/8 skip it",
                "  " + rules + ":4  0.0.0.0/0 mark=0x10",
                "    skipped: broader than 127.0.0.0/8, and 127.0.0.1 is loopback, not global unicast"),
                CliRun.of("explain", rules, "127.0.0.1").outLines());
        assertEquals(List.of(
                "127.0.0.2: " + rules + ":5  127.0.0.2 dev=lo",
                "  why: the only rule that applies",
                "  127.0.0.2 is loopback (127.0.0.0/8), not global unicast: rules broader than 127.0.0.0/8 skip it",
                "  " + rules + ":4  0.0.0.0/0 mark=0x10",
                "    skipped: broader than 127.0.0.0/8, and 127.0.0.2 is loopback, not global unicast"),
                CliRun.of("explain", rules, "::ffff:127.0.0.2").outLines());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "db.internal | 80    | tcp | nicpin: explain: expected a numeric IPv4 or IPv6 address (names are not resolved), found db.internal",
        "10.0.0.256  | 80    | tcp | nicpin: explain: expected an IPv4 address (four numbers 0-255 joined by dots), found 10.0.0.256",
        "10.0.0.0/8  | 80    | tcp | nicpin: explain: expected a numeric IPv4 or IPv6 address (names are not resolved), found 10.0.0.0/8",
        "10.0.0.1    | 0     | tcp | nicpin: explain: expected a port 1-65535, tcp or udp, found '0'",
        "10.0.0.1    | 65536 | tcp | nicpin: explain: expected a port 1-65535, tcp or udp, found '65536'",
        "10.0.0.1    | http  | tcp | nicpin: explain: expected a port 1-65535, tcp or udp, found 'http'",
        "10.0.0.1    | 80    | TCP | nicpin: explain: expected a port 1-65535, tcp or udp, found 'TCP'",
        "10.0.0.1    | 80    | 81  | nicpin: explain: expected one port, found '81'",
        "10.0.0.1    | udp   | tcp | nicpin: explain: expected one protocol, found 'tcp'"})
    void rejectsInvalidArgumentsPrecisely(String address, String first, String second, String message) {
        CliRun run = CliRun.of("explain", rules, address, first, second);
        assertEquals(2, run.status);
        assertEquals("", run.out);
        assertEquals(List.of(message), run.errLines());
    }

    @Test
    void needsRulesAndAnAddress() {
        CliRun run = CliRun.of("explain", rules);
        assertEquals(2, run.status);
        assertEquals(List.of("nicpin: explain: expected RULES ADDRESS [PORT] [tcp|udp], found 1 arguments (run"
                + " 'java -jar nicpin-agent.jar help' for usage)"), run.errLines());
        assertEquals(2, CliRun.of("explain", rules, "10.0.0.1", "80", "tcp", "extra").status);
    }

    @Test
    void invalidRulesFailAsCheckDoes() throws Exception {
        String bad = Files.write(directory.resolve("bad.conf"), "10.0.0.0/8 dev=eth1 dev=eth2\n"
                .getBytes(StandardCharsets.UTF_8)).toString();
        CliRun run = CliRun.of("explain", bad, "10.0.0.1");
        assertEquals(2, run.status);
        assertEquals("", run.out);
        assertEquals(List.of(bad + ":1:21: expected at most one dev= per rule, found another dev=eth2 (the first is at"
                + " column 12)"), run.errLines());
    }
}
