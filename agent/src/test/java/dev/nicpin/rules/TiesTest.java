package dev.nicpin.rules;

import static dev.nicpin.rules.RuleTexts.errors;
import static dev.nicpin.rules.RuleTexts.table;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TiesTest {
    private static final String FIX = "; make one more specific or remove one";

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource(delimiter = '|', value = {
        "10.0.0.0/8 dev=a                    | 10.0.0.0/8 dev=a                   | same destination 10.0.0.0/8, neither has a port or protocol",
        "10.0.0.0/8 dev=a                    | 10.0.0.0/8 mark=1                  | same destination 10.0.0.0/8, neither has a port or protocol",
        "10.0.0.1 dev=a                      | 10.0.0.1/32 dev=b                  | same destination 10.0.0.1, neither has a port or protocol",
        "2001:db8::/32 dev=a                 | 2001:0DB8:0::/32 dev=b             | same destination 2001:db8::/32, neither has a port or protocol",
        "10.0.0.0/8 proto=tcp dev=a          | 10.0.0.0/8 proto=tcp dev=b         | same destination 10.0.0.0/8, both proto=tcp, neither has a port",
        "10.0.0.0/8 port=80-90 dev=a         | 10.0.0.0/8 port=85 dev=b           | same destination 10.0.0.0/8, overlapping ports 80-90 and 85, neither has a protocol",
        "10.0.0.0/8 port=80-90 dev=a         | 10.0.0.0/8 port=90-95 dev=b        | same destination 10.0.0.0/8, overlapping ports 80-90 and 90-95, neither has a protocol",
        "10.0.0.0/8 port=90-95 dev=a         | 10.0.0.0/8 port=80-90 dev=b        | same destination 10.0.0.0/8, overlapping ports 90-95 and 80-90, neither has a protocol",
        "10.0.0.0/8 proto=udp port=53 dev=a  | 10.0.0.0/8 port=53 proto=udp dev=b | same destination 10.0.0.0/8, overlapping ports 53 and 53, both proto=udp"})
    void rulesThatTieAreAnErrorNamingBothLines(String first, String second, String why) {
        assertEquals(Arrays.asList("t.conf:3:1: rule ties with t.conf:1: " + why + FIX),
                errors(first + "\n# between\n" + second + "\n"));
    }

    @ParameterizedTest(name = "{0} / {1}")
    @CsvSource(delimiter = '|', value = {
        "10.0.0.0/8 port=80-90 dev=a         | 10.0.0.0/8 port=91-95 dev=b",
        "10.0.0.0/8 proto=tcp dev=a          | 10.0.0.0/8 proto=udp dev=b",
        "10.0.0.0/8 proto=tcp port=53 dev=a  | 10.0.0.0/8 proto=udp port=53 dev=b",
        "10.0.0.0/8 port=53 dev=a            | 10.0.0.0/8 proto=udp port=53 dev=b",
        "10.0.0.0/8 port=53 dev=a            | 10.0.0.0/8 proto=udp dev=b",
        "10.0.0.0/8 dev=a                    | 10.0.0.0/8 proto=udp dev=b",
        "10.0.0.0/8 dev=a                    | 10.0.0.0/9 dev=b",
        "10.0.0.0/8 dev=a                    | 11.0.0.0/8 dev=b",
        "0.0.0.0/0 dev=a                     | ::/0 dev=b"})
    void rulesThatDoNotTie(String first, String second) {
        assertEquals(2, table(first + "\n" + second + "\n").size());
    }

    @Test
    void everyRuleOfAThreeWayTieIsReported() {
        String why = "same destination 10.0.0.0/8, neither has a port or protocol" + FIX;
        assertEquals(Arrays.asList("t.conf:2:1: rule ties with t.conf:1: " + why,
                "t.conf:3:1: rule ties with t.conf:1: " + why),
                errors("10.0.0.0/8 dev=a\n10.0.0.0/8 dev=b\n10.0.0.0/8 dev=c\n"));
    }

    @Test
    void overlapsAlongAChainOfRangesAreEachReported() {
        assertEquals(Arrays.asList(
                "t.conf:2:1: rule ties with t.conf:1: same destination 10.0.0.0/8, overlapping ports 10-100 and 20,"
                        + " neither has a protocol" + FIX,
                "t.conf:3:1: rule ties with t.conf:1: same destination 10.0.0.0/8, overlapping ports 10-100 and 50-200,"
                        + " neither has a protocol" + FIX,
                "t.conf:4:1: rule ties with t.conf:3: same destination 10.0.0.0/8, overlapping ports 50-200 and 150,"
                        + " neither has a protocol" + FIX),
                errors("10.0.0.0/8 port=10-100 dev=a\n10.0.0.0/8 port=20 dev=b\n10.0.0.0/8 port=50-200 dev=c\n"
                        + "10.0.0.0/8 port=150 dev=d\n10.0.0.0/8 port=201 dev=e\n"));
    }
}
