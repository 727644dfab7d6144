package io.sluice.gateway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.sluice.gateway.api.Endpoint;
import io.sluice.gateway.api.ErrorKind;
import io.sluice.gateway.api.GatewayException;
import io.sluice.gateway.api.Json;
import io.sluice.gateway.api.RequestValidator;
import io.sluice.gateway.api.Usage;
import io.sluice.gateway.auth.ClientKey;
import io.sluice.gateway.cache.CacheDirectives;
import io.sluice.gateway.cache.CacheKeys;
import io.sluice.gateway.cache.CachePolicy;
import io.sluice.gateway.cache.StoredResponse;
import io.sluice.gateway.cache.StreamReplay;
import io.sluice.gateway.routing.Route;
import io.sluice.gateway.upstream.SseEvent;
import io.sluice.gateway.upstream.UpstreamRequest;
import io.sluice.gateway.upstream.UpstreamResponse;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Serves {@code /v1/chat/completions} and the legacy {@code /v1/completions}: authenticate, validate, resolve
 * the alias, consult the cache, and otherwise call the upstream, relaying its JSON or its stream.
 */
public final class GenerationPipeline {

    private static final System.Logger LOGGER = System.getLogger(GenerationPipeline.class.getName());

    private final Gateway gateway;
    private final Endpoint endpoint;

    /** Creates the pipeline of one endpoint, {@link Endpoint#CHAT_COMPLETIONS} or {@link Endpoint#COMPLETIONS}. */
    public GenerationPipeline(Gateway gateway, Endpoint endpoint) {
        if (endpoint == Endpoint.EMBEDDINGS) {
            throw new IllegalArgumentException("embeddings have their own pipeline");
        }
        this.gateway = gateway;
        this.endpoint = endpoint;
    }

    /**
     * Handles one request.
     *
     * @param header returns a request header by lowercase name, or {@code null}
     * @throws GatewayException, {@link ClientGoneException} or
     *     {@link io.sluice.gateway.upstream.CancelledException} for the HTTP layer to report
     */
    public void handle(RequestContext context, Function<String, String> header, byte[] rawBody,
                       ClientChannel channel) {
        ClientKey key = gateway.authenticate(context, header);
        ObjectNode body = Bodies.parseObject(rawBody);
        if (endpoint == Endpoint.CHAT_COMPLETIONS) {
            RequestValidator.chat(body);
        } else {
            RequestValidator.completion(body);
        }
        Route route = gateway.resolve(context, body.get("model").textValue(), key);
        boolean stream = body.path("stream").asBoolean(false);
        context.stream(stream);
        CacheDirectives directives = gateway.cachePolicy().decide(route,
                CachePolicy.zeroTemperature(body), header);
        String cacheKey = directives.involved()
                ? CacheKeys.response(key.tenant(), endpoint, route, directives.namespace(), body) : null;
        if (directives.lookup()) {
            Optional<StoredResponse> hit = gateway.traced("sluice.cache.lookup", () -> lookup(cacheKey));
            Span.current().setAttribute("sluice.cache.hit", hit.isPresent());
            if (hit.isPresent()) {
                serveHit(context, hit.get(), body, stream, channel);
                return;
            }
            context.cacheStatus(CacheStatus.MISS);
        } else {
            context.cacheStatus(CacheStatus.BYPASS);
        }
        CacheWriter writer = directives.store()
                ? new CacheWriter(gateway, cacheKey, directives, key, route, endpoint) : CacheWriter.DISABLED;
        callUpstream(context, route, body, stream, writer, channel);
    }

    private Optional<StoredResponse> lookup(String cacheKey) {
        try {
            return gateway.cache().get(cacheKey);
        } catch (RuntimeException e) {
            LOGGER.log(System.Logger.Level.WARNING, "Cache lookup failed; calling the upstream instead", e);
            return Optional.empty();
        }
    }

    private void serveHit(RequestContext context, StoredResponse stored, ObjectNode body, boolean stream,
                          ClientChannel channel) {
        context.cacheStatus(CacheStatus.HIT);
        context.cachedUsage(new Usage(stored.promptTokens(), stored.completionTokens()));
        Map<String, String> headers = Map.of(Headers.CACHE, CacheStatus.HIT.name());
        context.markFirstByte();
        if (!stream) {
            context.status(200, null);
            channel.sendJson(200, headers, stored.body());
            return;
        }
        boolean includeUsage = body.path("stream_options").path("include_usage").asBoolean(false);
        JsonNode completion = Json.parseTrusted(stored.body());
        List<SseEvent> events = endpoint == Endpoint.CHAT_COMPLETIONS
                ? StreamReplay.chat(completion, includeUsage) : StreamReplay.text(completion, includeUsage);
        context.status(200, null);
        channel.startEventStream(headers);
        for (SseEvent event : events) {
            channel.writeEvent(event.raw());
        }
        channel.endEventStream();
    }

    private void callUpstream(RequestContext context, Route route, ObjectNode body, boolean stream,
                              CacheWriter writer, ClientChannel channel) {
        Span span = gateway.upstreamSpan(route, endpoint);
        try (Scope ignored = span.makeCurrent()) {
            Map<String, String> traceHeaders = new HashMap<>();
            gateway.telemetry().propagator().inject(Context.current(), traceHeaders, Gateway::putTraceHeader);
            UpstreamRequest request = new UpstreamRequest(endpoint, route, body, stream, traceHeaders,
                    context.cancellation());
            try (UpstreamResponse response = gateway.connector(route).send(request)) {
                context.upstreamStatus(response.status());
                span.setAttribute("http.response.status_code", response.status());
                if (response.status() / 100 != 2) {
                    UpstreamErrors.relay(context, route, response, channel);
                } else if (stream && response.isEventStream()) {
                    new StreamRelay(gateway, endpoint, route.provider(), context, body, writer, channel, response)
                            .run();
                } else {
                    relayJson(context, response, stream, body, writer, channel);
                }
            }
        } catch (RuntimeException e) {
            span.setAttribute("error.type", e.getClass().getSimpleName());
            throw e;
        } finally {
            span.end();
        }
    }

    private void relayJson(RequestContext context, UpstreamResponse response, boolean stream, ObjectNode body,
                           CacheWriter writer, ClientChannel channel) {
        byte[] bytes;
        try {
            bytes = response.body();
        } catch (IOException e) {
            throw StreamRelay.readFailure(e);
        }
        JsonNode json = parseAnswer(bytes);
        context.usage(Usage.of(json.get("usage")));
        context.markFirstByte();
        if (complete(json, body.path("n").asInt(1))) {
            writer.store(bytes, context);
        }
        Map<String, String> headers = Map.of(Headers.CACHE, context.cacheStatusName());
        context.status(200, null);
        if (!stream) {
            channel.sendJson(200, headers, bytes);
            return;
        }
        // The upstream returned plain JSON to a stream request; send the client the stream it requested.
        boolean includeUsage = body.path("stream_options").path("include_usage").asBoolean(false);
        List<SseEvent> events = endpoint == Endpoint.CHAT_COMPLETIONS
                ? StreamReplay.chat(json, includeUsage) : StreamReplay.text(json, includeUsage);
        channel.startEventStream(headers);
        for (SseEvent event : events) {
            channel.writeEvent(event.raw());
        }
        channel.endEventStream();
    }

    private static JsonNode parseAnswer(byte[] bytes) {
        JsonNode json;
        try {
            json = Json.parse(bytes);
        } catch (IOException e) {
            throw new GatewayException(ErrorKind.UPSTREAM_BAD_RESPONSE, "The upstream returned a body that is not "
                    + "valid JSON.");
        }
        if (!json.path("choices").isArray()) {
            throw new GatewayException(ErrorKind.UPSTREAM_BAD_RESPONSE,
                    "The upstream returned a response without 'choices'.");
        }
        return json;
    }

    /**
     * Tells whether a non-stream response is complete: it has all {@code n} choices and each has a finish
     * reason.
     */
    static boolean complete(JsonNode json, int expectedChoices) {
        JsonNode choices = json.path("choices");
        if (!choices.isArray() || choices.size() != expectedChoices) {
            return false;
        }
        for (JsonNode choice : choices) {
            if (!choice.path("finish_reason").isTextual()) {
                return false;
            }
        }
        return true;
    }
}
