package io.sluice.gateway.http;

import io.helidon.http.DirectHandler;
import io.helidon.http.HeaderNames;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.sluice.gateway.api.ErrorBodies;

/**
 * Writes OpenAI-shaped JSON errors for failures Helidon detects before routing: an oversized body, a
 * malformed request line or headers, and the like. Without it those responses have empty bodies.
 */
final class JsonDirectHandler implements DirectHandler {

    private final long maxBodyBytes;

    JsonDirectHandler(long maxBodyBytes) {
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status status,
                                    ServerResponseHeaders headers, String message) {
        String text;
        String code;
        if (eventType == EventType.PAYLOAD_TOO_LARGE || status.code() == 413) {
            text = "The request body is larger than the limit of " + maxBodyBytes + " bytes.";
            code = "request_too_large";
        } else if (eventType == EventType.HTTP_VERSION_NOT_SUPPORTED || status.code() == 505) {
            text = "Only HTTP/1.1 is supported; send HTTP/1.1 requests (behind nginx, set proxy_http_version 1.1).";
            code = "http_version_not_supported";
        } else if (status.code() >= 500) {
            text = "The server had an error while processing your request.";
            code = null;
        } else {
            text = "The HTTP request is malformed (" + status.code() + " " + status.reasonPhrase() + ").";
            code = null;
        }
        String type = status.code() >= 500 && code == null ? "server_error" : "invalid_request_error";
        headers.set(HeaderNames.CONTENT_TYPE, "application/json");
        headers.set(HeaderNames.create("x-request-id"), RequestIds.next());
        return TransportResponse.builder()
                .status(status)
                .headers(headers)
                .entity(ErrorBodies.openAi(text, type, null, code))
                .keepAlive(eventType.keepAlive())
                .build();
    }
}
