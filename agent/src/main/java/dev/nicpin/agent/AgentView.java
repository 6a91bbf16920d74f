package dev.nicpin.agent;

import dev.nicpin.pin.Counters;
import dev.nicpin.pin.Pinner;
import dev.nicpin.pin.RulesInForce;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.Map;
import javax.management.ObjectName;
import org.slf4j.LoggerFactory;

/** The {@link AgentMXBean}: reads the pinner's state when asked, and costs the hot path nothing. */
final class AgentView implements AgentMXBean {
    private final String version;
    private final Pinner pinner;
    /** Null without a valid configuration: then there is no file to reload. */
    private final Reloader reloader;
    private final String mode;
    private final String onError;

    private AgentView(String version, Pinner pinner, Reloader reloader, String mode, String onError) {
        this.version = version;
        this.pinner = pinner;
        this.reloader = reloader;
        this.mode = mode;
        this.onError = onError;
    }

    /** Registers it with the platform MBean server; a JVM that refuses it loses only the view, which the log says. */
    /** @param mode and {@code onError}, as the configuration spells them ({@code enforce}, {@code fail}) */
    static void register(String version, Pinner pinner, Reloader reloader, String mode, String onError) {
        try {
            ManagementFactory.getPlatformMBeanServer().registerMBean(
                    new AgentView(version, pinner, reloader, mode, onError), new ObjectName(NAME));
        } catch (Exception | LinkageError e) {
            LoggerFactory.getLogger("nicpin").warn("no JMX view ({} cannot be registered): {}", NAME, e.toString());
        }
    }

    @Override
    public String getVersion() {
        return version;
    }

    @Override
    public String getRulesFile() {
        return reloader == null ? "" : reloader.file();
    }

    @Override
    public String getLoadedAt() {
        RulesInForce rules = pinner.rulesInForce();
        return rules.table() == null ? "" : Instant.ofEpochMilli(rules.loadedAtMillis()).toString();
    }

    @Override
    public int getRuleCount() {
        return pinner.rulesInForce().size();
    }

    @Override
    public String getMode() {
        return mode;
    }

    @Override
    public String getOnError() {
        return onError;
    }

    @Override
    public String getLastReloadError() {
        return reloader == null ? "the configuration is invalid (see the start-up log)" : reloader.lastError();
    }

    @Override
    public long getSeen() {
        return counters().seen();
    }

    @Override
    public long getPinned() {
        return counters().pinned();
    }

    @Override
    public long getLeftToOs() {
        return counters().leftToOs();
    }

    @Override
    public long getFailed() {
        return counters().failed();
    }

    @Override
    public Map<String, Long> getFailedByReason() {
        return counters().failedByReason();
    }

    @Override
    public Map<String, Long> getHitsPerRule() {
        return pinner.rulesInForce().hitsPerRule();
    }

    @Override
    public String reload() {
        return reloader == null ? "nothing to reload: the configuration is invalid (see the start-up log)" : reloader.reload();
    }

    private Counters counters() {
        return pinner.counters();
    }
}
