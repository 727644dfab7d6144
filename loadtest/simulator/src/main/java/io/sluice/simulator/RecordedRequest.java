package io.sluice.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A snapshot of one call that the simulator received, and of what it had sent back when the snapshot was taken.
 *
 * @param seq arrival number, starting at 1 and increasing in arrival order
 * @param method request method
 * @param path request path without the query
 * @param query raw query string without the {@code ?}, or empty
 * @param headers request headers by lower-case name; repeated headers are joined with {@code ", "}
 * @param body raw request body decoded as UTF-8
 * @param receivedAtMillis epoch time when the whole request had been read
 * @param eventsSentAtMillis epoch time at which each stream event was written and flushed
 * @param peerClosedAtMillis epoch time when the simulator noticed that the client closed or reset the connection
 *     while the response was still being written or held, if it did
 * @param completed whether a complete response (full body, or a stream with its terminating chunk) was sent. It
 *     is false while the response is in progress, and for aborted, hanging or interrupted responses
 */
public record RecordedRequest(
        long seq,
        String method,
        String path,
        String query,
        Map<String, String> headers,
        String body,
        long receivedAtMillis,
        List<Long> eventsSentAtMillis,
        OptionalLong peerClosedAtMillis,
        boolean completed) {

    /** Validates the record and copies its collections. */
    public RecordedRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(query, "query");
        Objects.requireNonNull(body, "body");
        Objects.requireNonNull(peerClosedAtMillis, "peerClosedAtMillis");
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
        eventsSentAtMillis = List.copyOf(eventsSentAtMillis);
    }

    /** Returns the number of stream events written. */
    public int eventsSent() {
        return eventsSentAtMillis.size();
    }

    /** Returns the value of a request header, looked up by name in any case. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    /** Parses the body as JSON, throwing {@link UncheckedIOException} when it is not JSON. */
    public JsonNode bodyJson() {
        try {
            return Json.parse(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("request " + seq + ": body is not JSON", e);
        }
    }
}
