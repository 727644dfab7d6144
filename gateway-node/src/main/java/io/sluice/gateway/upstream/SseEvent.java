package io.sluice.gateway.upstream;

import java.nio.charset.StandardCharsets;

/**
 * One server-sent event as it arrived: the exact bytes, blank line included, plus its parsed fields.
 *
 * @param raw   the event's bytes, terminating blank line included, for byte-exact relay
 * @param event the {@code event:} field, or {@code null}
 * @param data  the {@code data:} lines joined with {@code \n}, or {@code null} for an event with no data
 *              (a comment or keep-alive)
 */
public record SseEvent(byte[] raw, String event, String data) {

    private static final String DONE = "[DONE]";

    /** Creates a data-only event, framed as {@code data: <data>\n\n}. */
    public static SseEvent data(String data) {
        return new SseEvent(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8), null, data);
    }

    /** Creates a named event, framed as {@code event: <name>\ndata: <data>\n\n}. */
    public static SseEvent named(String event, String data) {
        byte[] raw = ("event: " + event + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
        return new SseEvent(raw, event, data);
    }

    /** Returns the OpenAI end-of-stream event. */
    public static SseEvent done() {
        return data(DONE);
    }

    /** Tells whether this is the OpenAI {@code data: [DONE]} terminator. */
    public boolean isDone() {
        return data != null && data.strip().equals(DONE);
    }
}
