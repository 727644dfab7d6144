package io.sluice.gateway.telemetry;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.gateway.api.Json;

/**
 * Writes one structured line per request to the {@code sluice.access} logger.
 *
 * <p>A line contains identifiers, statuses, timings and token counts only: never a prompt, a completion or a key
 * secret. Token counts of a cache hit are logged as {@code cached_*} so that spend is never counted twice.
 */
public final class AccessLog {

    private static final System.Logger LOGGER = System.getLogger("sluice.access");

    private final boolean enabled;

    /** Creates the log; a disabled log writes nothing. */
    public AccessLog(boolean enabled) {
        this.enabled = enabled && LOGGER.isLoggable(System.Logger.Level.INFO);
    }

    /** Writes the line for one finished request. */
    public void write(ObjectNode line) {
        if (enabled) {
            LOGGER.log(System.Logger.Level.INFO, Json.string(line));
        }
    }

    /** Tells whether lines are written, so callers can skip building them. */
    public boolean enabled() {
        return enabled;
    }
}
