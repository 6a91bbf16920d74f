package dev.nicpin.rules.bench;

import dev.nicpin.rules.RuleFile;
import dev.nicpin.rules.RuleTable;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * Heap retained by a loaded table (JMH measures time, not retained memory): used heap after full
 * collections, with the table and without it. Argument: the number of rules (default 1000000).
 */
public final class RuleTableFootprint {
    private RuleTableFootprint() {
    }

    public static void main(String[] args) throws Exception {
        int rules = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        byte[] text = GeneratedRules.text(rules);
        long before = usedAfterGc();
        RuleTable table = RuleFile.parse("generated.conf", text);
        long after = usedAfterGc();
        System.out.printf("%d rules (%d bytes of text): %.1f MiB retained, %d bytes per rule%n", table.size(),
                text.length, (after - before) / 1048576.0, (after - before) / table.size());
    }

    private static long usedAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return memory.getHeapMemoryUsage().getUsed();
    }
}
