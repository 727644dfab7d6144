package io.sluice.gateway.pipeline;

import java.util.Map;

/**
 * The client side of one request, as the pipeline uses it; the HTTP layer implements it over its server API.
 *
 * <p>A request ends in exactly one of: {@link #sendJson}, or {@link #startEventStream} followed by any number of
 * {@link #writeEvent} and one {@link #endEventStream}.
 */
public interface ClientChannel {

    /** Sends a complete response with a JSON body. */
    void sendJson(int status, Map<String, String> headers, byte[] body);

    /** Sends a JSON response whose body is written as it is produced, for bodies too large to hold twice. */
    void sendJson(int status, Map<String, String> headers, BodyWriter body);

    /** Writes a response body to a stream. */
    @FunctionalInterface
    interface BodyWriter {
        /** Writes the body. */
        void writeTo(java.io.OutputStream out) throws java.io.IOException;
    }

    /** Commits a {@code 200 text/event-stream} response with these headers; nothing is sent until the first event. */
    void startEventStream(Map<String, String> headers);

    /**
     * Writes one event and flushes it to the client at once.
     *
     * @throws ClientGoneException if the client closed its connection
     */
    void writeEvent(byte[] event);

    /**
     * Writes the in-band error event OpenAI sends when a stream fails after it started:
     * {@code data: {"error":{...}}}.
     *
     * @throws ClientGoneException if the client closed its connection
     */
    default void writeErrorEvent(String message, String type, String code) {
        writeEvent(io.sluice.gateway.upstream.SseEvent.data(io.sluice.gateway.api.Json.string(
                io.sluice.gateway.api.ErrorBodies.openAiNode(message, type, null, code))).raw());
    }

    /** Ends the event stream. */
    void endEventStream();

    /** Tells whether a response has been committed, after which no error status can be sent. */
    boolean committed();
}
