package io.sluice.gateway.api;

/**
 * Every way a request can fail inside Sluice, with its HTTP status and the OpenAI {@code error.type} and
 * {@code error.code} it is reported with.
 *
 * <p>This is the one place where failures map to statuses; handlers throw {@link GatewayException} with a kind
 * and never choose a status themselves. Errors an upstream returns are relayed with the upstream's own status
 * instead (see {@code UpstreamError}).
 */
public enum ErrorKind {
    /** Malformed JSON, a missing field or a field of the wrong type or range. */
    INVALID_REQUEST(400, "invalid_request_error", null),
    /** Missing, unknown or revoked client key. */
    INVALID_API_KEY(401, "invalid_request_error", "invalid_api_key"),
    /** Missing or wrong admin key on an admin call. */
    INVALID_ADMIN_KEY(401, "invalid_request_error", "invalid_admin_key"),
    /** The key is valid but may not perform this call. */
    PERMISSION_DENIED(403, "permission_error", "permission_denied"),
    /** Unknown alias, or an alias the key may not use. */
    MODEL_NOT_FOUND(404, "invalid_request_error", "model_not_found"),
    /** No route for this method and path. */
    UNKNOWN_URL(404, "invalid_request_error", "unknown_url"),
    /** The request body is larger than the configured limit. */
    PAYLOAD_TOO_LARGE(413, "invalid_request_error", "request_too_large"),
    /** The request body is not JSON. */
    UNSUPPORTED_MEDIA_TYPE(415, "invalid_request_error", "unsupported_media_type"),
    /** The upstream could not be reached: connection refused, reset or DNS failure. */
    UPSTREAM_UNREACHABLE(502, "server_error", "upstream_unreachable"),
    /** The upstream responded with something that is not a valid response for the endpoint. */
    UPSTREAM_BAD_RESPONSE(502, "server_error", "upstream_bad_response"),
    /** Too many requests are already waiting on this upstream. */
    UPSTREAM_OVERLOADED(503, "server_error", "upstream_overloaded"),
    /** The node has not joined its cluster yet, or is shutting down. */
    NOT_READY(503, "server_error", "node_not_ready"),
    /** The upstream did not respond within the read timeout or the request deadline. */
    UPSTREAM_TIMEOUT(504, "server_error", "upstream_timeout"),
    /** A fault inside Sluice. */
    INTERNAL(500, "server_error", null);

    private final int status;
    private final String type;
    private final String code;

    ErrorKind(int status, String type, String code) {
        this.status = status;
        this.type = type;
        this.code = code;
    }

    /** Returns the HTTP status. */
    public int status() {
        return status;
    }

    /** Returns the OpenAI {@code error.type}. */
    public String type() {
        return type;
    }

    /** Returns the OpenAI {@code error.code}, or {@code null} when the kind has none. */
    public String code() {
        return code;
    }

    /** Tells whether a client may retry the same request later; used for the {@code x-should-retry} header. */
    public boolean retryable() {
        return status >= 500;
    }
}
