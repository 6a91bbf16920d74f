package dev.nicpin.agent;

import java.util.Map;

/**
 * nicpin in this JVM, as JMX shows it: {@code dev.nicpin:type=Agent}. Counters count since the
 * agent started, but hits per rule, which count since the rules in force were loaded.
 */
public interface AgentMXBean {
    String NAME = "dev.nicpin:type=Agent";

    String getVersion();

    /** The path as configured. */
    String getRulesFile();

    /** When the rules in force were loaded (ISO-8601, UTC); empty when there are none. */
    String getLoadedAt();

    int getRuleCount();

    /** {@code enforce} or {@code audit}. */
    String getMode();

    /** {@code fail} or {@code warn}. */
    String getOnError();

    /** The errors of the last version of the rules file read, one a line; empty if it was valid. */
    String getLastReloadError();

    /** Connects and datagrams decided: {@code Pinned + LeftToOs + Failed}. */
    long getSeen();

    long getPinned();

    /** No rule, {@code direct}, loopback without rules, or audit mode. */
    long getLeftToOs();

    /** Rules that could not be applied, whatever {@code onError} then did. */
    long getFailed();

    /** By errno name ({@code ENODEV}, {@code EPERM}) or a word ({@code no-rules}, {@code hooks-missing}, ...). */
    Map<String, Long> getFailedByReason();

    /** {@code FILE:LINE RULE} to the connects and datagrams it decided, for the rules in force that decided any. */
    Map<String, Long> getHitsPerRule();

    /** Reads the rules file now; returns what happened ({@code reloaded: ...}, {@code unchanged: ...}, {@code invalid: ...}). */
    String reload();
}
