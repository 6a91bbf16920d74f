package dev.nicpin.config;

import java.util.EnumMap;
import java.util.Map;

/**
 * System properties ({@code nicpin.key}) and environment variables ({@code NICPIN_KEY}).
 * A name with our prefix that is not one of our keys is an error: it is almost always a typo
 * that would otherwise be silently ignored.
 */
enum SettingSource {
    PROPERTY("system property", "nicpin."),
    ENVIRONMENT("environment variable", "NICPIN_");

    private final String description;
    private final String prefix;

    SettingSource(String description, String prefix) {
        this.description = description;
        this.prefix = prefix;
    }

    Map<Key, Setting> collect(Map<?, ?> source, Problems problems) {
        Map<Key, Setting> settings = new EnumMap<>(Key.class);
        for (Map.Entry<?, ?> entry : source.entrySet()) {
            if (!(entry.getKey() instanceof String) || !((String) entry.getKey()).startsWith(prefix)) {
                continue;
            }
            String name = (String) entry.getKey();
            String value = String.valueOf(entry.getValue());
            String origin = description + " " + Shown.text(name) + "=" + Shown.text(value);
            Key key = Key.find(this::name, name);
            if (key == null) {
                problems.add(origin + ": unknown " + description + "; valid: " + Key.list(this::name));
            } else if (value.isEmpty()) {
                problems.add(origin + ": " + name + " needs a value");
            } else {
                settings.put(key, new Setting(value, origin));
            }
        }
        return settings;
    }

    private String name(Key key) {
        return this == PROPERTY ? key.propertyName() : key.environmentName();
    }
}
