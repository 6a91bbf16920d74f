package dev.nicpin.agent;

/** The running JDK's feature version: 8 for 1.8, otherwise the first number. */
final class Jdk {

    private Jdk() {
    }

    static int feature() {
        String version = System.getProperty("java.specification.version");
        return Integer.parseInt(version.startsWith("1.") ? version.substring(2) : version);
    }
}
