package dev.nicpin.log;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;

/**
 * nicpin's own SLF4J backend: one line per event on the standard error stream the JVM started
 * with, prefixed {@code [nicpin]} (and each continuation line of a long message, indented). It reads no configuration file and no system property, so the
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
        StringWriter text = new StringWriter();
        if (level == Level.WARN || level == Level.ERROR) {
            text.append(level.toString()).append(' ');
        }
        text.append(MessageFormatter.basicArrayFormat(pattern, arguments));
        if (throwable != null) {
            text.append(System.lineSeparator());
            throwable.printStackTrace(new PrintWriter(text));
        }
        // Every line prefixed, continuations indented: the application's own lines never look like ours.
        StringBuilder lines = new StringBuilder();
        String prefix = "[nicpin] ";
        for (String line : text.toString().split("\\R")) {
            lines.append(prefix).append(line).append(System.lineSeparator());
            prefix = "[nicpin]   ";
        }
        PrintStream err = loggers.stream();
        synchronized (err) {
            err.print(lines);
            err.flush();
        }
    }
}
