package dev.nicpin.config;

/** A configuration value or key nicpin cannot use; the message says where it came from and what is valid. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    ConfigException(String message) {
        super(message);
    }
}
