package io.sluice.gateway.config;

import java.util.Objects;

/**
 * A credential read from the environment or a file; {@link #toString()} never reveals it, so a secret that ends
 * up in a log line or an exception message shows only where it came from.
 */
public final class Secret {

    private final String value;
    private final String source;

    /** Wraps a secret value and a description of its source, such as {@code env OPENAI_API_KEY}. */
    public Secret(String value, String source) {
        this.value = Objects.requireNonNull(value, "value");
        this.source = Objects.requireNonNull(source, "source");
    }

    /** Returns the secret itself; only code that sends it to its destination calls this. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "Secret[" + source + "]";
    }
}
