package dev.nicpin.rules;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a rule file into a {@link RuleTable}, or fails with every error in it: syntax, values, and
 * ties between rules. Only numeric addresses are accepted, so loading never touches the network.
 */
public final class RuleFile {
    /** Beyond this many errors the file is surely not a rule file; reading stops there. */
    public static final int MAX_ERRORS = 1000;

    private static final Comparator<RuleError> BY_POSITION = new Comparator<RuleError>() {
        @Override
        public int compare(RuleError a, RuleError b) {
            int byLine = Integer.compare(a.line(), b.line());
            return byLine != 0 ? byLine : Integer.compare(a.column(), b.column());
        }
    };

    private RuleFile() {
    }

    /** Loads the file; its errors name it as {@code path.toString()}. */
    public static RuleTable load(Path path) throws RuleFileException {
        return parse(path.toString(), content(path));
    }

    /** The file's bytes, read whole; a file that cannot be read is an error naming it as {@code path.toString()}. */
    public static byte[] content(Path path) throws RuleFileException {
        try {
            return Files.readAllBytes(path);
        } catch (IOException | OutOfMemoryError e) {
            String reason = e instanceof IOException ? reason((IOException) e) : "too large to read";
            throw new RuleFileException(Collections.singletonList(new RuleError(path.toString(), 0, 0, "cannot read: " + reason)));
        }
    }

    /** Parses rule file content; errors name it as {@code displayName}. */
    public static RuleTable parse(String displayName, byte[] content) throws RuleFileException {
        try {
            return read(displayName, new ByteArrayInputStream(content));
        } catch (IOException e) {
            throw new AssertionError("a byte array cannot fail to read", e);
        }
    }

    private static RuleTable read(String file, InputStream in) throws IOException, RuleFileException {
        List<RuleError> errors = new ArrayList<>();
        List<Rule> rules = new ArrayList<>();
        LineReader lines = new LineReader(file, in, errors);
        Map<Object, Object> canonical = new HashMap<>();
        for (String text = lines.next(); text != null && errors.size() <= MAX_ERRORS; text = lines.next()) {
            Rule rule = new LineParser(file, lines.number(), errors, canonical).parse(text);
            if (rule != null) {
                rules.add(rule);
            }
        }
        Rule[] ipv4 = TrieOrder.sorted(rules, true);
        Rule[] ipv6 = TrieOrder.sorted(rules, false);
        Ties.report(ipv4, errors);
        Ties.report(ipv6, errors);
        if (!errors.isEmpty()) {
            throw new RuleFileException(firstErrors(errors));
        }
        return new RuleTable(rules, new PrefixTrie(ipv4, 32), new PrefixTrie(ipv6, 128));
    }

    /** The errors in file order, cut after {@link #MAX_ERRORS} with a note where that happened. */
    private static List<RuleError> firstErrors(List<RuleError> errors) {
        Collections.sort(errors, BY_POSITION);
        if (errors.size() <= MAX_ERRORS) {
            return errors;
        }
        List<RuleError> first = new ArrayList<>(errors.subList(0, MAX_ERRORS));
        RuleError next = errors.get(MAX_ERRORS);
        first.add(new RuleError(next.file(), next.line(), next.column(), "stopped after " + MAX_ERRORS + " errors"));
        return first;
    }

    /** The operating system's reason, which Java puts in different places per exception type. */
    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileSystemException && ((FileSystemException) e).getReason() != null) {
            return ((FileSystemException) e).getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
