package dev.nicpin.rules;

/** The words a rule may hold after its destination: qualifiers, then actions. */
enum Keyword {
    PROTO("proto=tcp|udp"),
    PORT("port=N|N-M"),
    DEV("dev=IFNAME"),
    MARK("mark=N"),
    SRC("src=ADDRESS"),
    DIRECT("direct");

    /** For messages about an unknown word. */
    static final String ALL = "proto=, port=, dev=, mark=, src= or direct";

    private final String usage;

    Keyword(String usage) {
        this.usage = usage;
    }

    /** The keyword named {@code name} (the text before {@code =}), or null. */
    static Keyword named(String name) {
        for (Keyword keyword : values()) {
            if (keyword.usage.equals(name) || keyword.usage.startsWith(name + "=")) {
                return keyword;
            }
        }
        return null;
    }

    /** Whether the keyword is an action ({@code dev=}, {@code mark=}, {@code src=}, {@code direct}). */
    boolean isAction() {
        return ordinal() >= DEV.ordinal();
    }

    /** Whether the keyword takes a value after {@code =}. */
    boolean hasValue() {
        return this != DIRECT;
    }

    /** How the keyword is written, e.g. {@code dev=IFNAME}. */
    String usage() {
        return usage;
    }

    /** The keyword as it starts a token: {@code dev=}, or {@code direct}. */
    @Override
    public String toString() {
        return hasValue() ? usage.substring(0, usage.indexOf('=') + 1) : usage;
    }
}
