package dev.nicpin.pin;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What nicpin decided since it started: every connect and every datagram it saw is pinned,
 * left to the OS (no rule, {@code direct}, audit mode) or failed (a rule that could not be
 * applied, whatever the {@code onError} policy then did), so {@code seen = pinned + leftToOs +
 * failed}. Adders, not atomics: threads that connect at once do not contend on one cache line.
 */
public final class Counters {
    private final LongAdder seen = new LongAdder();
    private final LongAdder pinned = new LongAdder();
    private final LongAdder leftToOs = new LongAdder();
    private final ConcurrentMap<String, LongAdder> failedByReason = new ConcurrentHashMap<>();

    void seen(int count) {
        seen.add(count);
    }

    void pinned(int count) {
        pinned.add(count);
    }

    void leftToOs(int count) {
        leftToOs.add(count);
    }

    /** @param reason an errno name ({@code ENODEV}) or a word for a failure that is not the kernel's */
    void failed(String reason) {
        failedByReason.computeIfAbsent(reason, any -> new LongAdder()).increment();
    }

    public long seen() {
        return seen.sum();
    }

    public long pinned() {
        return pinned.sum();
    }

    public long leftToOs() {
        return leftToOs.sum();
    }

    public long failed() {
        long failed = 0;
        for (LongAdder count : failedByReason.values()) {
            failed += count.sum();
        }
        return failed;
    }

    /** Reason to count, sorted by reason. */
    public Map<String, Long> failedByReason() {
        Map<String, Long> byReason = new TreeMap<>();
        for (Map.Entry<String, LongAdder> entry : failedByReason.entrySet()) {
            byReason.put(entry.getKey(), entry.getValue().sum());
        }
        return byReason;
    }
}
