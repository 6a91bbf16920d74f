package dev.nicpin.config;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The configuration keys. One spelling everywhere: agent argument {@code onError=warn},
 * system property {@code nicpin.onError}, environment variable {@code NICPIN_ONERROR}.
 */
public enum Key {
    /** The kill switch: {@code false} turns nicpin off, whatever else is configured. */
    ENABLED("enabled", "true", "true", "false"),
    RULES("rules", null),
    MODE("mode", "enforce", "enforce", "audit"),
    ON_ERROR("onError", "fail", "fail", "warn"),
    LOG("log", "info", "off", "error", "warn", "info", "debug", "trace"),
    /** {@code allow}: a rules file that others could change is read all the same (see RuleFileSafety). */
    UNSAFE_RULES("unsafeRules", "refuse", "refuse", "allow");

    private final String name;
    private final String defaultValue;
    private final List<String> validValues;

    Key(String name, String defaultValue, String... validValues) {
        this.name = name;
        this.defaultValue = defaultValue;
        this.validValues = Arrays.asList(validValues);
    }

    /** The name as written in agent arguments. */
    public String argumentName() {
        return name;
    }

    public String propertyName() {
        return "nicpin." + name;
    }

    public String environmentName() {
        return "NICPIN_" + name.toUpperCase(Locale.ROOT);
    }

    String defaultValue() {
        return defaultValue;
    }

    /** What is wrong with a value of this key, or null when it is valid; a value is shown as {@link Shown} does. */
    String problem(String value) {
        if (this == RULES) {
            return RulesPath.problem(value);
        }
        return validValues.contains(value) ? null : "'" + Shown.text(value) + "' is not a valid " + name
                + "; valid values: " + String.join(", ", validValues);
    }

    /** The key whose name, spelled as {@code spelling} does, is {@code name}; null if none. */
    static Key find(Function<Key, String> spelling, String name) {
        for (Key key : values()) {
            if (spelling.apply(key).equals(name)) {
                return key;
            }
        }
        return null;
    }

    /** All keys spelled as {@code spelling} does, for error messages. */
    static String list(Function<Key, String> spelling) {
        StringBuilder names = new StringBuilder();
        for (Key key : values()) {
            names.append(names.length() == 0 ? "" : ", ").append(spelling.apply(key));
        }
        return names.toString();
    }
}
