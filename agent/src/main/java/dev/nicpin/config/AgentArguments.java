package dev.nicpin.config;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Parses the {@code key=value,key=value} string given after {@code -javaagent:nicpin-agent.jar=}. */
final class AgentArguments {

    private AgentArguments() {
    }

    static Map<Key, Setting> parse(String arguments, Problems problems) {
        Map<Key, Setting> settings = new EnumMap<>(Key.class);
        if (arguments == null || arguments.trim().isEmpty()) {
            return settings;
        }
        for (String entry : arguments.split(",", -1)) {
            int equals = entry.indexOf('=');
            String name = (equals < 0 ? entry : entry.substring(0, equals)).trim();
            String origin = "agent argument '" + Shown.text(entry) + "'";
            if (equals < 0) {
                problems.add(origin + ": expected key=value; valid keys: " + Key.list(Key::argumentName));
                continue;
            }
            Key key = Key.find(Key::argumentName, name);
            String value = entry.substring(equals + 1);
            if (key == null) {
                problems.add(origin + ": unknown key '" + Shown.text(name) + "'; valid keys: " + Key.list(Key::argumentName));
            } else if (settings.containsKey(key)) {
                problems.add(origin + ": " + name + " is given twice");
            } else if (value.isEmpty()) {
                problems.add(origin + ": " + name + " needs a value");
            } else {
                settings.put(key, new Setting(value, origin));
            }
        }
        return settings;
    }

    /** The arguments with the value of {@code key}'s entry replaced, every other entry as it was. */
    static String rewrite(String arguments, Key key, UnaryOperator<String> value) {
        String[] entries = arguments.split(",", -1);
        for (int i = 0; i < entries.length; i++) {
            int equals = entries[i].indexOf('=');
            if (equals > 0 && entries[i].substring(0, equals).trim().equals(key.argumentName())) {
                entries[i] = key.argumentName() + "=" + value.apply(entries[i].substring(equals + 1));
            }
        }
        return String.join(",", entries);
    }
}
