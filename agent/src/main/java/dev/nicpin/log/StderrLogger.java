package dev.nicpin.log;

import java.io.PrintStream;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * nicpin's own SLF4J backend: one line per event on the standard error stream the JVM started
 * with, prefixed {@code [nicpin]}. It reads no configuration file and no system property, so the
 * application's logging set-up never changes what nicpin prints, nor the other way round.
 */
final class StderrLogger extends LegacyAbstractLogger {
    private static final long serialVersionUID = 1L;

    private final transient StderrLoggers loggers;

    StderrLogger(String name, StderrLoggers loggers) {
        this.name = name;
        this.loggers = loggers;
    }

    @Override
    public boolean isTraceEnabled() {
        return loggers.enabled(Level.TRACE);
    }

    @Override
    public boolean isDebugEnabled() {
        return loggers.enabled(Level.DEBUG);
    }

    @Override
    public boolean isInfoEnabled() {
        return loggers.enabled(Level.INFO);
    }

    @Override
    public boolean isWarnEnabled() {
        return loggers.enabled(Level.WARN);
    }

    @Override
    public boolean isErrorEnabled() {
        return loggers.enabled(Level.ERROR);
    }

    @Override
    protected String getFullyQualifiedCallerName() {
        return null;
    }

    @Override
    protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                               Throwable throwable) {
        StringBuilder line = new StringBuilder("[nicpin] ");
        if (level == Level.WARN || level == Level.ERROR) {
            line.append(level).append(' ');
        }
        line.append(MessageFormatter.basicArrayFormat(pattern, arguments));
        PrintStream err = loggers.stream();
        synchronized (err) {
            err.println(line);
            if (throwable != null) {
                throwable.printStackTrace(err);
            }
        }
    }
}
