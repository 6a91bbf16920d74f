package dev.nicpin.rules;

/** The transport protocol a rule may be qualified with ({@code proto=tcp|udp}). */
public enum Protocol {
    TCP,
    UDP;

    /** The protocol named exactly {@code tcp} or {@code udp}, or null for any other text. */
    public static Protocol parse(String text) {
        if ("tcp".equals(text)) {
            return TCP;
        }
        if ("udp".equals(text)) {
            return UDP;
        }
        return null;
    }

    /** The spelling used in rule files and CLI output. */
    @Override
    public String toString() {
        return this == TCP ? "tcp" : "udp";
    }
}
