package io.sluice.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One server-sent event of a scripted stream, written and flushed as one HTTP chunk.
 *
 * <p>Unless {@code raw} is set, the event is encoded as {@code event: <event>\n} (only when {@code event} is not
 * empty) followed by {@code data: <line>\n} for each line of {@code data} and a blank line. A single-line
 * {@code data} therefore gives exactly {@code data: <data>\n\n}.
 *
 * @param event SSE event name, or empty for a data-only event (the OpenAI framing)
 * @param data text after {@code data: }, usually compact JSON or {@code [DONE]}; empty when {@code raw} is used
 * @param raw text written verbatim instead of the encoded event, or empty
 * @param delayMillis time to wait before writing this event, in milliseconds
 */
public record SseEvent(String event, String data, String raw, long delayMillis) {

    /** Text of the OpenAI end-of-stream sentinel. */
    public static final String DONE = "[DONE]";

    /** Validates the event. */
    public SseEvent {
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(raw, "raw");
        if (delayMillis < 0) {
            throw new IllegalArgumentException("delay_ms: " + delayMillis + " (expected: >= 0)");
        }
        if (!raw.isEmpty() && (!data.isEmpty() || !event.isEmpty())) {
            throw new IllegalArgumentException("raw: set together with data or event (expected: raw alone)");
        }
        if (raw.isEmpty() && data.isEmpty()) {
            throw new IllegalArgumentException("data: missing (expected: data or raw)");
        }
        if (event.contains("\n") || event.contains("\r")) {
            throw new IllegalArgumentException("event: contains a line break (expected: one line)");
        }
    }

    /** Creates a data-only event, for example {@code data("{\"id\":1}")}. */
    public static SseEvent data(String data) {
        return new SseEvent("", data, "", 0);
    }

    /** Creates an event with a name, as the Anthropic dialect uses: {@code event: <name>\ndata: <data>}. */
    public static SseEvent named(String event, String data) {
        return new SseEvent(event, data, "", 0);
    }

    /** Creates the OpenAI end-of-stream event {@code data: [DONE]}. */
    public static SseEvent done() {
        return data(DONE);
    }

    /** Creates an event whose bytes are the given text, written verbatim (UTF-8). */
    public static SseEvent raw(String text) {
        return new SseEvent("", "", text, 0);
    }

    /** Returns a copy of this event that waits the given time before it is written. */
    public SseEvent afterMillis(long millis) {
        return new SseEvent(event, data, raw, millis);
    }

    /** Returns the bytes written for this event. */
    public byte[] encode() {
        if (!raw.isEmpty()) {
            return raw.getBytes(StandardCharsets.UTF_8);
        }
        StringBuilder text = new StringBuilder(data.length() + event.length() + 16);
        if (!event.isEmpty()) {
            text.append("event: ").append(event).append('\n');
        }
        for (String line : data.split("\r\n|\r|\n", -1)) {
            text.append("data: ").append(line).append('\n');
        }
        text.append('\n');
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }
}
