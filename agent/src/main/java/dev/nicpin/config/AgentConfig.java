package dev.nicpin.config;

import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * nicpin's configuration, resolved once from agent arguments, then system properties, then
 * environment variables (in that precedence) and immutable afterwards.
 */
public final class AgentConfig {

    /** What the agent does with a decision. */
    public enum Mode { ENFORCE, AUDIT }

    /** What happens to a connect or send when a rule cannot be applied. */
    public enum OnError { FAIL, WARN }

    public enum LogLevel { OFF, ERROR, WARN, INFO, DEBUG, TRACE }

    private final boolean enabled;
    private final String rules;
    private final Mode mode;
    private final OnError onError;
    private final LogLevel log;
    private final boolean allowUnsafeRules;

    private AgentConfig(Map<Key, String> values) {
        this.enabled = Boolean.parseBoolean(values.get(Key.ENABLED));
        this.rules = values.get(Key.RULES);
        this.mode = Mode.valueOf(upper(values.get(Key.MODE)));
        this.onError = OnError.valueOf(upper(values.get(Key.ON_ERROR)));
        this.log = LogLevel.valueOf(upper(values.get(Key.LOG)));
        this.allowUnsafeRules = "allow".equals(values.get(Key.UNSAFE_RULES));
    }

    /**
     * @param agentArguments the {@code key=value,key=value} string after {@code -javaagent:jar=}, or null
     * @param systemProperties typically {@link System#getProperties()}
     * @param environment typically {@link System#getenv()}
     * @throws ConfigException listing every problem found, one per line
     */
    public static AgentConfig resolve(String agentArguments, Map<?, ?> systemProperties,
                                      Map<String, String> environment) throws ConfigException {
        Problems problems = new Problems();
        Map<Key, String> values = collect(agentArguments, systemProperties, environment, problems);
        if ("false".equals(values.get(Key.ENABLED))) {
            // The kill switch must work even when the rest of the configuration is broken.
            return new AgentConfig(defaultsDisabled());
        }
        if (values.get(Key.RULES) == null) {
            problems.add("no rules file: give rules=PATH as agent argument"
                    + " (-javaagent:nicpin-agent.jar=rules=/etc/nicpin/rules.conf),"
                    + " or -D" + Key.RULES.propertyName() + "=PATH, or " + Key.RULES.environmentName() + "=PATH");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(String.join("\n", problems.list()));
        }
        return new AgentConfig(values);
    }

    /**
     * The problems of agent arguments on their own (unknown keys, bad values), for a JVM whose
     * system properties and environment may give the rest.
     */
    public static List<String> problemsOf(String agentArguments) {
        Problems problems = new Problems();
        collect(agentArguments, Collections.emptyMap(), Collections.<String, String>emptyMap(), problems);
        return problems.list();
    }

    /** The arguments with the value of {@code key}'s entry replaced, every other entry as it was. */
    public static String rewriteArgument(String agentArguments, Key key, UnaryOperator<String> value) {
        return AgentArguments.rewrite(agentArguments, key, value);
    }

    /** The value of a key as the agent arguments give it, or null. */
    public static String argument(String agentArguments, Key key) {
        Setting setting = AgentArguments.parse(agentArguments, new Problems()).get(key);
        return setting == null ? null : setting.value;
    }

    /**
     * A copy taken under the map's own lock: JDK 8's system properties are a Hashtable, whose
     * iterators throw when the application's threads set a property meanwhile (at an attach).
     */
    private static Map<?, ?> snapshot(Map<?, ?> map) {
        synchronized (map) {
            return new HashMap<>(map);
        }
    }

    private static Map<Key, String> collect(String agentArguments, Map<?, ?> systemProperties,
                                            Map<String, String> environment, Problems problems) {
        Map<Key, Setting> arguments = AgentArguments.parse(agentArguments, problems);
        Map<Key, Setting> properties = SettingSource.PROPERTY.collect(snapshot(systemProperties), problems);
        Map<Key, Setting> variables = SettingSource.ENVIRONMENT.collect(environment, problems);

        Map<Key, String> values = new EnumMap<>(Key.class);
        for (Key key : Key.values()) {
            Setting setting = first(arguments.get(key), properties.get(key), variables.get(key));
            if (setting == null) {
                values.put(key, key.defaultValue());
                continue;
            }
            String problem = key.problem(setting.value);
            if (problem == null) {
                values.put(key, setting.value);
            } else {
                problems.add(setting.origin + ": " + problem);
            }
        }
        return values;
    }

    private static Map<Key, String> defaultsDisabled() {
        Map<Key, String> values = new EnumMap<>(Key.class);
        for (Key key : Key.values()) {
            values.put(key, key.defaultValue());
        }
        values.put(Key.ENABLED, "false");
        return values;
    }

    private static Setting first(Setting... candidates) {
        for (Setting candidate : candidates) {
            if (candidate != null) {
                return candidate;
            }
        }
        return null;
    }

    private static String upper(String value) {
        return value.toUpperCase(Locale.ROOT);
    }

    /** False when the kill switch is set; then nothing else is meaningful. */
    public boolean enabled() {
        return enabled;
    }

    /** The rule file's path as given; null only when not {@link #enabled()}. */
    public String rules() {
        return rules;
    }

    public Mode mode() {
        return mode;
    }

    public OnError onError() {
        return onError;
    }

    public LogLevel log() {
        return log;
    }

    /** Whether a rules file that users other than the JVM's and root could change is read all the same. */
    public boolean allowUnsafeRules() {
        return allowUnsafeRules;
    }

    @Override
    public String toString() {
        return "enabled=" + enabled + ", rules=" + rules + ", mode=" + lower(mode) + ", onError=" + lower(onError) + ", log=" + lower(log)
                + (allowUnsafeRules ? ", unsafeRules=allow" : "");
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }
}
