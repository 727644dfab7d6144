package io.sluice.gateway.pipeline;

/** Names of the response headers Sluice adds. */
public final class Headers {

    /** {@code HIT}, {@code MISS} or {@code BYPASS}. */
    public static final String CACHE = "x-sluice-cache";
    /** The request id, also in the access log and the server span. */
    public static final String REQUEST_ID = "x-request-id";

    private Headers() {
    }
}
