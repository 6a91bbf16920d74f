package dev.nicpin.log;

import java.io.PrintStream;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.NOPMDCAdapter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The SLF4J provider found by {@code ServiceLoader} in the agent's own loader. Its level is set
 * once from the {@code log} key; {@code off} prints nothing.
 */
public final class StderrLoggers implements SLF4JServiceProvider, ILoggerFactory {
    private static volatile int threshold = Level.INFO.toInt();
    /** Captured before the application's main runs, so a later System.setErr does not take our lines. */
    private static final PrintStream STREAM = System.err;

    private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
    private final IMarkerFactory markers = new BasicMarkerFactory();
    private final MDCAdapter mdc = new NOPMDCAdapter();

    /** @param level a {@link Level} name, or {@code OFF} */
    public static void setLevel(String level) {
        threshold = "OFF".equals(level) ? Integer.MAX_VALUE : Level.valueOf(level).toInt();
    }

    boolean enabled(Level level) {
        return level.toInt() >= threshold;
    }

    PrintStream stream() {
        return STREAM;
    }

    @Override
    public Logger getLogger(String name) {
        return loggers.computeIfAbsent(name, n -> new StderrLogger(n, this));
    }

    @Override
    public ILoggerFactory getLoggerFactory() {
        return this;
    }

    @Override
    public IMarkerFactory getMarkerFactory() {
        return markers;
    }

    @Override
    public MDCAdapter getMDCAdapter() {
        return mdc;
    }

    @Override
    public String getRequestedApiVersion() {
        return "2.0.99";
    }

    @Override
    public void initialize() {
        // Nothing to read: the level is set by the agent.
    }
}
