package dev.nicpin.rules;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** A rule file that could not be read or holds errors; carries every error, in file order. */
public final class RuleFileException extends Exception {
    private static final long serialVersionUID = 1L;

    private final List<RuleError> errors;

    RuleFileException(List<RuleError> errors) {
        super(null, null, false, false);
        this.errors = Collections.unmodifiableList(new ArrayList<>(errors));
    }

    /** Never empty; sorted by line, then column. */
    public List<RuleError> errors() {
        return errors;
    }

    /** Every error, one per line. */
    @Override
    public String getMessage() {
        StringBuilder text = new StringBuilder();
        for (RuleError error : errors) {
            text.append(text.length() == 0 ? "" : "\n").append(error);
        }
        return text.toString();
    }
}
