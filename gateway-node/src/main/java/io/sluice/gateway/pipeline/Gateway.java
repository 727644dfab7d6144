package io.sluice.gateway.pipeline;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Scope;
import io.sluice.gateway.api.Endpoint;
import io.sluice.gateway.api.ErrorKind;
import io.sluice.gateway.api.GatewayException;
import io.sluice.gateway.auth.Authenticator;
import io.sluice.gateway.auth.ClientKey;
import io.sluice.gateway.cache.CachePolicy;
import io.sluice.gateway.cache.ResponseCache;
import io.sluice.gateway.config.GatewayConfig.CacheSettings;
import io.sluice.gateway.routing.AliasRegistry;
import io.sluice.gateway.routing.Route;
import io.sluice.gateway.telemetry.Telemetry;
import io.sluice.gateway.upstream.UpstreamConnector;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The policy components one request passes through, shared by the endpoint pipelines: authentication, alias
 * resolution, the cache policy and store, the upstream connectors and the tracer.
 *
 * @param authenticator client key check
 * @param aliases       alias resolution
 * @param cachePolicy   cache eligibility
 * @param cache         the cluster-wide cache
 * @param cacheSettings cache limits
 * @param connectors    one connector per provider name
 * @param telemetry     tracer
 * @param clock         time source for stored entries
 */
public record Gateway(Authenticator authenticator, AliasRegistry aliases, CachePolicy cachePolicy,
                      ResponseCache cache, CacheSettings cacheSettings, Map<String, UpstreamConnector> connectors,
                      Telemetry telemetry, Clock clock) {

    /** Validates the components. */
    public Gateway {
        Objects.requireNonNull(authenticator, "authenticator");
        Objects.requireNonNull(aliases, "aliases");
        Objects.requireNonNull(cachePolicy, "cachePolicy");
        Objects.requireNonNull(cache, "cache");
        connectors = Map.copyOf(connectors);
        Objects.requireNonNull(telemetry, "telemetry");
        Objects.requireNonNull(clock, "clock");
    }

    /** Authenticates the request in its own span and records the key on the context. */
    public ClientKey authenticate(RequestContext context, Function<String, String> header) {
        ClientKey key = traced("sluice.auth", () -> authenticator.authenticate(header));
        context.key(key);
        return key;
    }

    /** Resolves the alias for the key and records the route on the context. */
    Route resolve(RequestContext context, String alias, ClientKey key) {
        Route route = aliases.resolve(alias, key);
        context.route(route);
        return route;
    }

    /** Returns the connector of a route's provider. */
    UpstreamConnector connector(Route route) {
        UpstreamConnector connector = connectors.get(route.provider().name());
        if (connector == null) {
            throw new GatewayException(ErrorKind.INTERNAL, "No connector for provider " + route.provider().name());
        }
        return connector;
    }

    /** Runs a step inside an internal span that is a child of the current one. */
    <T> T traced(String name, Supplier<T> step) {
        Span span = telemetry.tracer().spanBuilder(name).setSpanKind(SpanKind.INTERNAL).startSpan();
        try (Scope ignored = span.makeCurrent()) {
            return step.get();
        } catch (RuntimeException e) {
            span.setAttribute("error.type", e.getClass().getSimpleName());
            throw e;
        } finally {
            span.end();
        }
    }

    /**
     * Adds a trace context header for the upstream; only {@code traceparent} is sent, because
     * {@code tracestate} carries vendor data from the client that the provider has no business seeing.
     */
    static void putTraceHeader(Map<String, String> headers, String name, String value) {
        if (name.equals("traceparent")) {
            headers.put(name, value);
        }
    }

    /** Starts a client span for an upstream call. */
    Span upstreamSpan(Route route, Endpoint endpoint) {
        return telemetry.tracer().spanBuilder(endpoint.label() + " " + route.upstreamModel())
                .setSpanKind(SpanKind.CLIENT)
                .setAttribute("gen_ai.operation.name", endpoint.label())
                .setAttribute("gen_ai.request.model", route.upstreamModel())
                .setAttribute("gen_ai.provider.name", route.provider().name())
                .setAttribute("server.address", route.provider().baseUri().getHost())
                .startSpan();
    }
}
