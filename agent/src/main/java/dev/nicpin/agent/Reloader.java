package dev.nicpin.agent;

import dev.nicpin.config.AgentConfig.OnError;
import dev.nicpin.pin.RulesInForce;
import dev.nicpin.rules.RuleError;
import dev.nicpin.rules.RuleFile;
import dev.nicpin.rules.RuleFileException;
import dev.nicpin.rules.RuleFileSafety;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Instant;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the rules file into the pinner: at start-up, whenever {@link RulesWatcher} sees it
 * change, and on demand (JMX). A version that is invalid changes nothing but the log: the
 * rules in force stay. A version is swapped in whole ({@code Pinner.use}).
 */
final class Reloader {
    private static final Logger log = LoggerFactory.getLogger("nicpin");

    private final String file;
    private final Path path;
    private final OnError onError;
    /** unsafeRules=allow: a file others could change is read all the same. */
    private final boolean allowUnsafe;
    /** Where a new version goes: the pinner. */
    private final Consumer<RulesInForce> use;
    private volatile RulesInForce inForce;
    /** Length and CRC-32 of the content last read, valid or not: an event that changed nothing reloads nothing. */
    private long lastLength = -1;
    private long lastChecksum = -1;
    /** The errors of the last version read, one a line; empty when it was valid. */
    private volatile String lastError = "";

    Reloader(String file, OnError onError, boolean allowUnsafe, Consumer<RulesInForce> use) {
        this.file = file;
        this.path = Paths.get(file);
        this.onError = onError;
        this.allowUnsafe = allowUnsafe;
        this.use = use;
    }

    String file() {
        return file;
    }

    Path path() {
        return path;
    }

    String lastError() {
        return lastError;
    }

    /** The version given to the pinner last. */
    RulesInForce inForce() {
        return inForce;
    }

    private void use(RulesInForce next) {
        inForce = next;
        use.accept(next);
    }

    /** The first version: if it is invalid, there are no rules, and every connection but loopback is refused under fail. */
    synchronized void loadAtStart() {
        try {
            use(RulesInForce.loaded(RuleFile.parse(file, read()), System.currentTimeMillis()));
        } catch (RuleFileException e) {
            lastError = e.getMessage();
            use(RulesInForce.none("the rules in " + file + " are invalid (see the log), so no connection is pinned"));
            log.error("{} is invalid; {}:\n{}", file, onError == OnError.FAIL
                    ? "until it is fixed, every connection but loopback fails (onError=fail)"
                    : "nothing is pinned (onError=warn)", e.getMessage());
        }
    }

    /**
     * @return what happened, for the one who asked: {@code reloaded: ...}, {@code unchanged: ...} or
     *         {@code invalid, nothing changed (...)} and the errors, also when the invalid version was read before
     */
    synchronized String reload() {
        RulesInForce before = inForce;
        long length = lastLength;
        long checksum = lastChecksum;
        byte[] content = null;
        RuleFileException unreadable = null;
        try {
            content = read();
        } catch (RuleFileException e) {
            unreadable = e;
        }
        if (length == lastLength && checksum == lastChecksum) {
            // Logged when it was read first; no time: java.time costs 60 classes, and the watcher asks often.
            return lastError.isEmpty() ? "unchanged: " + rules(before.size()) + " in force" : invalid(before, lastError);
        }
        try {
            if (unreadable != null) {
                throw unreadable;
            }
            RulesInForce next = RulesInForce.loaded(RuleFile.parse(file, content), System.currentTimeMillis());
            use(next);
            lastError = "";
            log.info("{} reloaded: {} in force", file, rules(next.size()));
            return "reloaded: " + rules(next.size()) + " in force";
        } catch (RuleFileException e) {
            lastError = e.getMessage();
            log.error("{} changed, but is invalid; {}:\n{}", file, before.table() == null
                    ? "there are still no rules in force" + (onError == OnError.FAIL
                            ? ": every connection but loopback fails (onError=fail)" : " (onError=warn)")
                    : "the rules in force stay (" + inForce(before) + ")", e.getMessage());
            return invalid(before, e.getMessage());
        }
    }

    private static String invalid(RulesInForce before, String errors) {
        return "invalid, nothing changed (" + inForce(before) + "):\n" + errors;
    }

    /** Reads the file whole, and remembers what it read; unreadable counts as content of its own (its error). */
    private byte[] read() throws RuleFileException {
        try {
            if (!allowUnsafe) {
                RuleFileSafety.check(path);
            }
            byte[] content = RuleFile.content(path);
            CRC32 crc = new CRC32();
            crc.update(content, 0, content.length);
            lastLength = content.length;
            lastChecksum = crc.getValue();
            return content;
        } catch (RuleFileException e) {
            RuleError error = e.errors().get(0);
            lastLength = -2;
            lastChecksum = error.message().hashCode();
            throw e;
        }
    }

    private static String inForce(RulesInForce rules) {
        return rules.table() == null ? "no rules in force"
                : rules(rules.size()) + ", loaded at " + Instant.ofEpochMilli(rules.loadedAtMillis());
    }

    private static String rules(int count) {
        return count + (count == 1 ? " rule" : " rules");
    }
}
