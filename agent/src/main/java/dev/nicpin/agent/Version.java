package dev.nicpin.agent;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The project version, written into {@code version.properties} by the build. */
public final class Version {

    private Version() {
    }

    public static String current() {
        Properties properties = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            // The same answer as a jar that lacks the file.
        }
        return properties.getProperty("version", "(unknown version)");
    }
}
