package dev.nicpin.rules;

/**
 * One problem found in a rule file, located as {@code FILE:LINE:COLUMN}.
 *
 * <p>Lines and columns are 1-based; a column counts characters (a tab is one). An error about the
 * whole file, such as one that cannot be opened, has line and column 0.
 */
public final class RuleError {
    private final String file;
    private final int line;
    private final int column;
    private final String message;

    RuleError(String file, int line, int column, String message) {
        this.file = file;
        this.line = line;
        this.column = column;
        this.message = message;
    }

    /** The path as the user gave it. */
    public String file() {
        return file;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    /** The message without the location, e.g. {@code expected tcp or udp, found proto=icmp}. */
    public String message() {
        return message;
    }

    /** {@code FILE:LINE:COLUMN: MESSAGE}, or {@code FILE: MESSAGE} for the whole file. */
    @Override
    public String toString() {
        return line == 0 ? file + ": " + message : file + ":" + line + ":" + column + ": " + message;
    }
}
