package dev.nicpin.config;

/** One configured value and where it came from, so an error can point the operator at it. */
final class Setting {
    final String value;
    /** For example {@code agent argument mode=x} or {@code environment NICPIN_MODE=x}. */
    final String origin;

    Setting(String value, String origin) {
        this.value = value;
        this.origin = origin;
    }
}
