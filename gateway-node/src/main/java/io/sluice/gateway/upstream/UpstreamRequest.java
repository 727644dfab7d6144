package io.sluice.gateway.upstream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.gateway.api.Endpoint;
import io.sluice.gateway.routing.Route;
import java.util.Map;
import java.util.Objects;

/**
 * One call to an upstream, in the OpenAI shape the client sent.
 *
 * @param endpoint     the OpenAI endpoint
 * @param route        the resolved alias
 * @param body         the client's body; connectors copy it before changing anything
 * @param stream       whether the client asked for a stream
 * @param traceHeaders trace context headers to propagate, such as {@code traceparent}
 * @param cancellation how the caller stops this call
 */
public record UpstreamRequest(Endpoint endpoint, Route route, ObjectNode body, boolean stream,
                              Map<String, String> traceHeaders, Cancellation cancellation) {

    /** Validates the components. */
    public UpstreamRequest {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(body, "body");
        traceHeaders = Map.copyOf(traceHeaders);
        Objects.requireNonNull(cancellation, "cancellation");
    }
}
