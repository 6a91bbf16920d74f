package dev.nicpin.pin;

import dev.nicpin.rules.Rule;
import dev.nicpin.rules.RuleTable;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * One version of the rules: what a decision reads once, so that it sees one version whole
 * however the file changes meanwhile. With its own hit counters, which a reload starts afresh.
 */
public final class RulesInForce {
    private final RuleTable table;
    private final String whyNone;
    private final long loadedAtMillis;
    /** By line number: a rule is one line, and a number needs no lookup on the hot path. */
    private final AtomicLongArray hitsByLine;

    private RulesInForce(RuleTable table, String whyNone, long loadedAtMillis) {
        this.table = table;
        this.whyNone = whyNone;
        this.loadedAtMillis = loadedAtMillis;
        int lines = table == null || table.size() == 0 ? 0 : table.rules().get(table.size() - 1).line() + 1;
        this.hitsByLine = new AtomicLongArray(lines);
    }

    public static RulesInForce loaded(RuleTable table, long loadedAtMillis) {
        return new RulesInForce(table, null, loadedAtMillis);
    }

    /**
     * No rules: every connection but loopback is refused under {@code onError=fail}.
     *
     * @param why for example {@code the rules in r.conf are invalid (see the log), so no connection is pinned}
     */
    public static RulesInForce none(String why) {
        return new RulesInForce(null, why, 0);
    }

    /** Null when there are none. */
    public RuleTable table() {
        return table;
    }

    /** Why there are no rules; null when there are. */
    String whyNone() {
        return whyNone;
    }

    /** 0 when there are none. */
    public long loadedAtMillis() {
        return loadedAtMillis;
    }

    public int size() {
        return table == null ? 0 : table.size();
    }

    void hit(Rule rule) {
        hitsByLine.incrementAndGet(rule.line());
    }

    /** {@code FILE:LINE RULE} to how many connections and datagrams it decided, for the rules that decided any, in file order. */
    public Map<String, Long> hitsPerRule() {
        Map<String, Long> hits = new LinkedHashMap<>();
        if (table != null) {
            for (Rule rule : table.rules()) {
                long count = hitsByLine.get(rule.line());
                if (count > 0) {
                    hits.put(rule.location() + " " + rule, count);
                }
            }
        }
        return hits;
    }
}
