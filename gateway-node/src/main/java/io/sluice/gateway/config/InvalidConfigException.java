package io.sluice.gateway.config;

/** A configuration value that fails validation at startup; the message names the key, the value and the rule. */
public final class InvalidConfigException extends RuntimeException {

    /** Creates the failure for one key. */
    public InvalidConfigException(String key, Object value, String rule) {
        super(key + ": " + value + " (expected: " + rule + ")");
    }

    /** Creates a failure with a free-form message, for problems that span several keys. */
    public InvalidConfigException(String message) {
        super(message);
    }
}
