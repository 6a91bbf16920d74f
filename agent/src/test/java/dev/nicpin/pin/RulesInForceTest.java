package dev.nicpin.pin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nicpin.rules.RuleFile;
import dev.nicpin.rules.RuleTable;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RulesInForceTest {

    @Test
    void hitsAreListedPerRuleInFileOrderForTheRulesThatHadAny() throws Exception {
        RuleTable table = RuleFile.parse("r.conf", ("# uplinks\n10.2.0.0/16 dev=nic1\n\n10.1.0.0/16 mark=7\n"
                + "10.3.0.0/16 direct\n").getBytes(StandardCharsets.UTF_8));
        RulesInForce rules = RulesInForce.loaded(table, 1L);

        rules.hit(table.rules().get(2));
        for (int i = 0; i < 3; i++) {
            rules.hit(table.rules().get(0));
        }

        Iterator<Map.Entry<String, Long>> hits = rules.hitsPerRule().entrySet().iterator();
        assertEquals(Map.entry("r.conf:2 10.2.0.0/16 dev=nic1", 3L), hits.next());
        assertEquals(Map.entry("r.conf:5 10.3.0.0/16 direct", 1L), hits.next());
        assertTrue(!hits.hasNext());
    }

    @Test
    void withoutRulesThereAreNoHits() {
        RulesInForce none = RulesInForce.none("the rules in r.conf are invalid");
        assertEquals(0, none.size());
        assertTrue(none.hitsPerRule().isEmpty());
    }
}
