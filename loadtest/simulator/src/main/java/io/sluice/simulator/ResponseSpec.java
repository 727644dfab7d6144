package io.sluice.simulator;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One scripted response: status, headers and body, or a list of server-sent events, with timing and an ending.
 *
 * <p>A spec with no status, no body and no events, that ends normally, requests the simulator's own generated
 * reply (the same as an unscripted call). Its headers are added to that reply, {@code delayMillis} replaces the
 * configured latency, and {@code ttftMillis} and {@code chunkDelayMillis} replace the configured stream pacing.
 *
 * @param status HTTP status, or 0 when not set (200 is sent, except for the connection reset described in
 *     {@link EndMode#ABORT})
 * @param headers response headers in order, without {@code Content-Length} or {@code Transfer-Encoding},
 *     which the simulator adds itself
 * @param body body text sent with {@code Content-Length}, or empty
 * @param delayMillis time to wait before the status line, in milliseconds, or -1 for the default (the configured
 *     latency for a generated reply, otherwise none)
 * @param stream whether the response is a chunked event stream made of {@code events} (possibly none)
 * @param events the events of a stream, each written and flushed as one HTTP chunk
 * @param end how the response ends
 * @param hangMillis for {@link EndMode#HANG}, the maximum time in ms that the connection stays open
 * @param ttftMillis for a generated stream, the wait before the first event, or -1 for the configured value
 * @param chunkDelayMillis for a generated stream, the wait between content events, or -1 for the configured
 *     value
 */
public record ResponseSpec(
        int status,
        Map<String, String> headers,
        String body,
        long delayMillis,
        boolean stream,
        List<SseEvent> events,
        EndMode end,
        long hangMillis,
        long ttftMillis,
        long chunkDelayMillis) {

    /** Hang time used when a spec does not set one: one minute. */
    public static final long DEFAULT_HANG_MILLIS = 60_000;

    /** Validates the spec and copies its collections. */
    public ResponseSpec {
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(end, "end");
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        events = List.copyOf(events);
        validate(status, headers, body, delayMillis, stream, events, hangMillis);
        if ((ttftMillis >= 0 || chunkDelayMillis >= 0) && kindOf(status, body, stream, end) != Kind.GENERATED) {
            throw new IllegalArgumentException("ttft_ms, chunk_delay_ms: set on a scripted response (expected: only"
                    + " on a response without status, body, body_text or events)");
        }
    }

    /** Returns a builder for a response spec. */
    public static Builder builder() {
        return new Builder();
    }

    /** Creates a response with a status and a JSON body ({@code Content-Type: application/json}). */
    public static ResponseSpec json(int status, String json) {
        return builder().status(status).jsonBody(json).build();
    }

    /** Creates a 200 event stream ({@code Content-Type: text/event-stream}) made of the given events. */
    public static ResponseSpec stream(List<SseEvent> events) {
        return builder().events(events).build();
    }

    /** Creates a 200 event stream ({@code Content-Type: text/event-stream}) made of the given events. */
    public static ResponseSpec stream(SseEvent... events) {
        return stream(List.of(events));
    }

    /** Creates a response that resets the connection before sending any byte. */
    public static ResponseSpec reset() {
        return builder().end(EndMode.ABORT).build();
    }

    /** Creates a response that never arrives: nothing is written until the client leaves or the time passes. */
    public static ResponseSpec hang(long millis) {
        return builder().end(EndMode.HANG).hangMillis(millis).build();
    }

    /** Creates a response that is the simulator's generated reply, as for an unscripted call. */
    public static ResponseSpec generated() {
        return builder().build();
    }

    /** Returns what kind of response this spec writes. */
    Kind kind() {
        return kindOf(status, body, stream, end);
    }

    private static Kind kindOf(int status, String body, boolean stream, EndMode end) {
        if (stream) {
            return Kind.STREAM;
        }
        if (end == EndMode.HANG) {
            return Kind.SILENT;
        }
        if (end == EndMode.ABORT && status == 0) {
            return Kind.RESET;
        }
        if (status == 0 && body.isEmpty() && end == EndMode.NORMAL) {
            return Kind.GENERATED;
        }
        return Kind.FIXED;
    }

    private static void validate(
            int status,
            Map<String, String> headers,
            String body,
            long delayMillis,
            boolean stream,
            List<SseEvent> events,
            long hangMillis) {
        if (status != 0 && (status < 100 || status > 999)) {
            throw new IllegalArgumentException("status: " + status + " (expected: 100..999)");
        }
        if (delayMillis < -1) {
            throw new IllegalArgumentException("delay_ms: " + delayMillis + " (expected: >= 0)");
        }
        if (hangMillis < 0) {
            throw new IllegalArgumentException("hang_ms: " + hangMillis + " (expected: >= 0)");
        }
        if (stream && !body.isEmpty()) {
            throw new IllegalArgumentException("body: set together with events (expected: one of them)");
        }
        if (!stream && !events.isEmpty()) {
            throw new IllegalArgumentException("events: set on a response that is not a stream");
        }
        headers.forEach(ResponseSpec::validateHeader);
    }

    private static void validateHeader(String name, String value) {
        if (name.isEmpty() || !HttpSyntax.isToken(name)) {
            throw new IllegalArgumentException("headers: \"" + name + "\" (expected: an HTTP header name)");
        }
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("headers." + name + ": contains a line break (expected: one line)");
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("content-length") || lower.equals("transfer-encoding")) {
            throw new IllegalArgumentException(
                    "headers." + name + ": set by the simulator from the body or events (expected: leave it out)");
        }
    }

    /** Kind of response that a spec writes, derived from which fields are set. */
    enum Kind {
        /** The simulator's generated reply for the request's path. */
        GENERATED,
        /** Status line, headers and a {@code Content-Length} body. */
        FIXED,
        /** Status line, headers and a chunked event stream. */
        STREAM,
        /** A TCP reset before any byte. */
        RESET,
        /** Nothing: the connection is held, then closed. */
        SILENT
    }

    /** Builder for {@link ResponseSpec}. Every field starts at the default described on the record. */
    public static final class Builder {
        private int status;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private String body = "";
        private long delayMillis = -1;
        private boolean stream;
        private final List<SseEvent> events = new ArrayList<>();
        private EndMode end = EndMode.NORMAL;
        private long hangMillis = DEFAULT_HANG_MILLIS;
        private long ttftMillis = -1;
        private long chunkDelayMillis = -1;

        private Builder() {
        }

        /** Sets the HTTP status. */
        public Builder status(int status) {
            this.status = status;
            return this;
        }

        /** Adds a response header, replacing an earlier one with the same name in any case. */
        public Builder header(String name, String value) {
            headers.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
            headers.put(name, value);
            return this;
        }

        /** Sets a JSON body and, unless a content type is already set, {@code Content-Type: application/json}. */
        public Builder jsonBody(String json) {
            return body(json, "application/json");
        }

        /** Sets a body and, unless a content type is already set, {@code Content-Type: text/plain}. */
        public Builder textBody(String text) {
            return body(text, "text/plain; charset=utf-8");
        }

        private Builder body(String text, String contentType) {
            this.body = Objects.requireNonNull(text, "body");
            if (headers.keySet().stream().noneMatch(name -> name.equalsIgnoreCase("Content-Type"))) {
                headers.put("Content-Type", contentType);
            }
            return this;
        }

        /** Sets the time to wait before the status line, in milliseconds. */
        public Builder delayMillis(long millis) {
            this.delayMillis = millis;
            return this;
        }

        /** Makes the response an event stream and appends the events. */
        public Builder events(List<SseEvent> more) {
            this.stream = true;
            events.addAll(more);
            if (headers.keySet().stream().noneMatch(name -> name.equalsIgnoreCase("Content-Type"))) {
                headers.put("Content-Type", "text/event-stream");
            }
            return this;
        }

        /** Makes the response an event stream and appends one event. */
        public Builder event(SseEvent event) {
            return events(List.of(event));
        }

        /** Sets how the response ends. */
        public Builder end(EndMode end) {
            this.end = Objects.requireNonNull(end, "end");
            return this;
        }

        /** Sets the maximum time in ms that a hanging response keeps the connection open. */
        public Builder hangMillis(long millis) {
            this.hangMillis = millis;
            return this;
        }

        /** Sets the wait before the first event of a generated stream, in milliseconds. */
        public Builder ttftMillis(long millis) {
            this.ttftMillis = millis;
            return this;
        }

        /** Sets the wait between content events of a generated stream, in milliseconds. */
        public Builder chunkDelayMillis(long millis) {
            this.chunkDelayMillis = millis;
            return this;
        }

        /** Builds the spec, throwing {@link IllegalArgumentException} when fields contradict each other. */
        public ResponseSpec build() {
            return new ResponseSpec(status, headers, body, delayMillis, stream, events, end, hangMillis,
                    ttftMillis, chunkDelayMillis);
        }
    }
}
