package io.sluice.simulator;

import java.util.Locale;

/** Ending of a scripted response, after its status, headers, body or events. */
public enum EndMode {

    /** Ends the response properly: the full body, or the terminating chunk of a stream. */
    NORMAL,

    /**
     * Resets the TCP connection ({@code SO_LINGER} 0, then close) instead of ending the response. A stream stops
     * after its last event without the terminating chunk. A plain response sends its head and half of its body.
     * A response with no status and no events is reset before any byte is sent.
     */
    ABORT,

    /**
     * Stops writing and keeps the connection open until the client closes it or the hang time passes, then
     * closes the connection. A response without events sends nothing at all, like an upstream that never responds.
     */
    HANG;

    /** Returns the name used in the JSON control API: {@code normal}, {@code abort} or {@code hang}. */
    public String jsonName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Returns the mode with the given JSON name, ignoring case. */
    static EndMode fromJsonName(String name) {
        for (EndMode mode : values()) {
            if (mode.jsonName().equalsIgnoreCase(name)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("end: \"" + name + "\" (expected: normal, abort or hang)");
    }
}
