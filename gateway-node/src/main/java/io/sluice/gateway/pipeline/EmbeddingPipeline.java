package io.sluice.gateway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.sluice.gateway.api.Endpoint;
import io.sluice.gateway.api.ErrorKind;
import io.sluice.gateway.api.GatewayException;
import io.sluice.gateway.api.RequestValidator;
import io.sluice.gateway.api.Usage;
import io.sluice.gateway.auth.ClientKey;
import io.sluice.gateway.cache.CacheDirectives;
import io.sluice.gateway.cache.CacheKeys;
import io.sluice.gateway.cache.EmbeddingCache;
import io.sluice.gateway.cache.EmbeddingResponses;
import io.sluice.gateway.cache.StoredEmbedding;
import io.sluice.gateway.routing.Route;
import io.sluice.gateway.upstream.UpstreamRequest;
import io.sluice.gateway.upstream.UpstreamResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Serves {@code /v1/embeddings}, caching each input item on its own.
 *
 * <p>With the cache involved, the items already known are taken from the cache and only the others (each
 * distinct one once) go upstream, always as {@code encoding_format: base64}; the response is then built in the
 * encoding the client requested, float by default, base64 (little-endian float32) on request. The upstream
 * reports one token count for the whole batch. That count is shared among the items in proportion to their
 * length, and the per-item counts add up to the upstream's exact total. Without the cache the request is relayed
 * unchanged and the upstream's response is returned byte for byte.
 */
public final class EmbeddingPipeline {

    private static final System.Logger LOGGER = System.getLogger(EmbeddingPipeline.class.getName());

    private final Gateway gateway;
    private final EmbeddingCache embeddings;

    /** Creates the pipeline. */
    public EmbeddingPipeline(Gateway gateway) {
        this.gateway = gateway;
        this.embeddings = new EmbeddingCache(gateway.cache());
    }

    /** Handles one request; failures are thrown for the HTTP layer to report, as in {@link GenerationPipeline}. */
    public void handle(RequestContext context, Function<String, String> header, byte[] rawBody,
                       ClientChannel channel) {
        ClientKey key = gateway.authenticate(context, header);
        ObjectNode body = Bodies.parseObject(rawBody);
        RequestValidator.embedding(body);
        Route route = gateway.resolve(context, body.get("model").textValue(), key);
        CacheDirectives directives = gateway.cachePolicy().decide(route, true, header);
        if (!directives.involved()) {
            context.cacheStatus(CacheStatus.BYPASS);
            relayUnchanged(context, route, body, channel);
            return;
        }
        JsonNode input = body.get("input");
        List<JsonNode> items = new ArrayList<>();
        if (input.isArray() && !isTokenList(input)) {
            input.forEach(items::add);
        } else {
            items.add(input);
        }
        List<String> keys = new ArrayList<>(items.size());
        for (JsonNode item : items) {
            keys.add(CacheKeys.embedding(key.tenant(), route, directives.namespace(), item, body));
        }
        Map<String, StoredEmbedding> found = directives.lookup()
                ? gateway.traced("sluice.cache.lookup", () -> lookup(keys)) : Map.of();
        Batch batch = new Batch(items, keys, found);
        String model = route.upstreamModel();
        if (!batch.missingKeys().isEmpty()) {
            model = fetchMissing(context, route, body, batch, channel);
            if (model == null) {
                return;
            }
            storeFetched(context, key, route, directives, batch);
        }
        context.cacheStatus(!directives.lookup() ? CacheStatus.BYPASS
                : batch.missingKeys().isEmpty() ? CacheStatus.HIT : CacheStatus.MISS);
        context.usage(new Usage(batch.fetchedTokens(), 0));
        context.cachedUsage(new Usage(batch.cachedTokens(), 0));
        boolean base64 = body.path("encoding_format").asText("float").equals("base64");
        context.status(200, null);
        context.markFirstByte();
        String responseModel = model;
        channel.sendJson(200, Map.of(Headers.CACHE, context.cacheStatusName()),
                out -> batch.writeResponse(responseModel, base64, out));
    }

    private Map<String, StoredEmbedding> lookup(List<String> keys) {
        try {
            return embeddings.getAll(new LinkedHashSet<>(keys));
        } catch (RuntimeException e) {
            LOGGER.log(System.Logger.Level.WARNING, "Embedding cache lookup failed; asking the upstream", e);
            return Map.of();
        }
    }

    /** Sends the missing items upstream; returns the upstream's model name, or {@code null} if it failed. */
    private String fetchMissing(RequestContext context, Route route, ObjectNode body, Batch batch,
                                ClientChannel channel) {
        ObjectNode upstreamBody = body.deepCopy();
        ArrayNode missing = upstreamBody.putArray("input");
        batch.missingItems().forEach(missing::add);
        // Base64 is a third of the size of decimal floats; an upstream that ignores the field and sends
        // numbers is read just as well.
        upstreamBody.put("encoding_format", "base64");
        byte[] answer = call(context, route, upstreamBody, channel);
        if (answer == null) {
            return null;
        }
        EmbeddingResponses.Parsed parsed;
        try {
            parsed = EmbeddingResponses.parse(answer, batch.missingKeys().size());
        } catch (IllegalArgumentException e) {
            throw new GatewayException(ErrorKind.UPSTREAM_BAD_RESPONSE,
                    "The upstream returned an invalid embeddings response: " + e.getMessage() + ".");
        }
        batch.fetched(parsed.vectors(), parsed.promptTokens());
        return parsed.model() != null ? parsed.model() : route.upstreamModel();
    }

    private void storeFetched(RequestContext context, ClientKey key, Route route, CacheDirectives directives,
                              Batch batch) {
        if (!directives.store()) {
            return;
        }
        Map<String, StoredEmbedding> entries = new HashMap<>();
        long now = gateway.clock().millis();
        batch.fetchedEntries().forEach((cacheKey, fetched) -> entries.put(cacheKey, new StoredEmbedding(
                key.tenant(), route.alias(), directives.namespace(), fetched.vector(), fetched.tokens(), now)));
        try {
            gateway.traced("sluice.cache.store", () -> {
                embeddings.putAll(entries, directives.ttl());
                return null;
            });
        } catch (RuntimeException e) {
            LOGGER.log(System.Logger.Level.WARNING, "Embedding cache write failed for request "
                    + context.requestId() + "; the answer is served but not cached", e);
        }
    }

    /** Calls the upstream; returns its response body, or {@code null} after relaying its error to the client. */
    private byte[] call(RequestContext context, Route route, ObjectNode body, ClientChannel channel) {
        Span span = gateway.upstreamSpan(route, Endpoint.EMBEDDINGS);
        try (Scope ignored = span.makeCurrent();
             UpstreamResponse response = gateway.connector(route).send(request(context, route, body))) {
            context.upstreamStatus(response.status());
            span.setAttribute("http.response.status_code", response.status());
            if (response.status() / 100 != 2) {
                UpstreamErrors.relay(context, route, response, channel);
                return null;
            }
            return response.body();
        } catch (IOException e) {
            throw StreamRelay.readFailure(e);
        } finally {
            span.end();
        }
    }

    private void relayUnchanged(RequestContext context, Route route, ObjectNode body, ClientChannel channel) {
        Span span = gateway.upstreamSpan(route, Endpoint.EMBEDDINGS);
        try (Scope ignored = span.makeCurrent();
             UpstreamResponse response = gateway.connector(route).send(request(context, route, body))) {
            context.upstreamStatus(response.status());
            if (response.status() / 100 != 2) {
                UpstreamErrors.relay(context, route, response, channel);
                return;
            }
            byte[] bytes = response.body();
            try {
                context.usage(EmbeddingResponses.usage(bytes));
            } catch (IllegalArgumentException e) {
                throw new GatewayException(ErrorKind.UPSTREAM_BAD_RESPONSE, "The upstream returned a body that "
                        + "is not valid JSON.");
            }
            context.status(200, null);
            context.markFirstByte();
            channel.sendJson(200, Map.of(Headers.CACHE, CacheStatus.BYPASS.name()), bytes);
        } catch (IOException e) {
            throw StreamRelay.readFailure(e);
        } finally {
            span.end();
        }
    }

    private UpstreamRequest request(RequestContext context, Route route, ObjectNode body) {
        Map<String, String> traceHeaders = new HashMap<>();
        gateway.telemetry().propagator().inject(Context.current(), traceHeaders, Gateway::putTraceHeader);
        return new UpstreamRequest(Endpoint.EMBEDDINGS, route, body, false, traceHeaders, context.cancellation());
    }

    private static boolean isTokenList(JsonNode input) {
        return !input.isEmpty() && input.get(0).isNumber();
    }

    /** The items of one request, which of them the cache knew, and what the upstream returned for the rest. */
    private static final class Batch {

        private final List<JsonNode> items;
        private final List<String> keys;
        private final Map<String, StoredEmbedding> found;
        private final Map<String, JsonNode> missing = new LinkedHashMap<>();
        private final Map<String, Fetched> fetched = new LinkedHashMap<>();

        Batch(List<JsonNode> items, List<String> keys, Map<String, StoredEmbedding> found) {
            this.items = items;
            this.keys = keys;
            this.found = found;
            for (int i = 0; i < items.size(); i++) {
                if (!found.containsKey(keys.get(i))) {
                    missing.putIfAbsent(keys.get(i), items.get(i));
                }
            }
        }

        Set<String> missingKeys() {
            return missing.keySet();
        }

        List<JsonNode> missingItems() {
            return List.copyOf(missing.values());
        }

        /** Records the upstream's vectors, in the order of {@link #missingItems()}, and shares out its tokens. */
        void fetched(List<float[]> vectors, long totalTokens) {
            List<JsonNode> sent = missingItems();
            long[] shares = TokenShares.split(totalTokens, sent.stream().mapToLong(TokenShares::weight).toArray());
            int i = 0;
            for (String cacheKey : missing.keySet()) {
                fetched.put(cacheKey, new Fetched(vectors.get(i), shares[i]));
                i++;
            }
        }

        Map<String, Fetched> fetchedEntries() {
            return fetched;
        }

        long fetchedTokens() {
            return fetched.values().stream().mapToLong(Fetched::tokens).sum();
        }

        long cachedTokens() {
            long tokens = 0;
            for (String cacheKey : keys) {
                StoredEmbedding stored = found.get(cacheKey);
                tokens += stored == null ? 0 : stored.promptTokens();
            }
            return tokens;
        }

        void writeResponse(String model, boolean base64, java.io.OutputStream out) throws IOException {
            List<float[]> vectors = new ArrayList<>(items.size());
            long tokens = 0;
            for (int i = 0; i < items.size(); i++) {
                String cacheKey = keys.get(i);
                StoredEmbedding stored = found.get(cacheKey);
                vectors.add(stored != null ? stored.vector() : fetched.get(cacheKey).vector());
                tokens += stored != null ? stored.promptTokens() : 0;
            }
            tokens += fetchedTokensCountingRepeats();
            EmbeddingResponses.write(vectors, model, tokens, base64, out);
        }

        /** Counts the upstream tokens once per input item, so a repeated item is counted as often as it occurs. */
        private long fetchedTokensCountingRepeats() {
            long tokens = 0;
            for (String cacheKey : keys) {
                Fetched item = fetched.get(cacheKey);
                tokens += found.containsKey(cacheKey) || item == null ? 0 : item.tokens();
            }
            return tokens;
        }
    }

    /** One vector fetched from the upstream, with its share of the batch's tokens. */
    private record Fetched(float[] vector, long tokens) {
    }
}
