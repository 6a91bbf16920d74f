package dev.nicpin.rules;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/** Parses rule text in tests, under the file name {@code t.conf}. */
final class RuleTexts {
    static final String FILE = "t.conf";

    private RuleTexts() {
    }

    static RuleTable table(String text) {
        try {
            return RuleFile.parse(FILE, text.getBytes(StandardCharsets.UTF_8));
        } catch (RuleFileException e) {
            throw new AssertionError("unexpected errors:\n" + e.getMessage(), e);
        }
    }

    /** The only rule of a one-rule text. */
    static Rule rule(String text) {
        List<Rule> rules = table(text).rules();
        if (rules.size() != 1) {
            throw new AssertionError("expected one rule, found " + rules);
        }
        return rules.get(0);
    }

    /** Every error of an invalid text, as printed: {@code t.conf:LINE:COLUMN: MESSAGE}. */
    static List<String> errors(String text) {
        return errors(text.getBytes(StandardCharsets.UTF_8));
    }

    static List<String> errors(byte[] content) {
        RuleFileException e = assertThrows(RuleFileException.class, () -> RuleFile.parse(FILE, content));
        return e.errors().stream().map(RuleError::toString).collect(Collectors.toList());
    }
}
