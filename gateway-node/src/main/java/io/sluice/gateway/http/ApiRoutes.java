package io.sluice.gateway.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.helidon.http.HeaderNames;
import io.helidon.http.HttpException;
import io.helidon.webserver.http.HttpRouting;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.sluice.gateway.api.Endpoint;
import io.sluice.gateway.api.ErrorBodies;
import io.sluice.gateway.api.ErrorKind;
import io.sluice.gateway.api.GatewayException;
import io.sluice.gateway.api.Json;
import io.sluice.gateway.auth.ClientKey;
import io.sluice.gateway.cache.PurgeFilter;
import io.sluice.gateway.config.Hashing;
import io.sluice.gateway.pipeline.EmbeddingPipeline;
import io.sluice.gateway.pipeline.Gateway;
import io.sluice.gateway.pipeline.GenerationPipeline;
import io.sluice.gateway.routing.Route;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The HTTP routes of a node: the OpenAI endpoints, health checks and the admin API. Routes only parse and
 * write; every decision is made by the pipelines.
 */
public final class ApiRoutes {

    private static final String MODELS_PREFIX = "/v1/models/";
    private static final java.util.Set<String> PURGE_PARAMETERS = java.util.Set.of("tenant", "alias", "namespace");

    private final Gateway gateway;
    private final Exchange exchange;
    private final GenerationPipeline chat;
    private final GenerationPipeline completions;
    private final EmbeddingPipeline embeddings;
    private final BooleanSupplier ready;
    private final Supplier<ObjectNode> clusterState;
    private final Optional<String> adminKeySha256;

    /**
     * Creates the routes.
     *
     * @param ready          whether the node can serve: its cluster member has joined
     * @param clusterState   facts about the cluster shown by the readiness check
     * @param adminKeySha256 SHA-256 of the admin key; without it the admin API rejects every call with 401
     */
    ApiRoutes(Gateway gateway, Exchange exchange, BooleanSupplier ready, Supplier<ObjectNode> clusterState,
              Optional<String> adminKeySha256) {
        this.gateway = gateway;
        this.exchange = exchange;
        this.chat = new GenerationPipeline(gateway, Endpoint.CHAT_COMPLETIONS);
        this.completions = new GenerationPipeline(gateway, Endpoint.COMPLETIONS);
        this.embeddings = new EmbeddingPipeline(gateway);
        this.ready = ready;
        this.clusterState = clusterState;
        this.adminKeySha256 = adminKeySha256;
    }

    /** Registers every route on a routing builder. */
    void register(HttpRouting.Builder routing) {
        routing.post("/v1/chat/completions", (req, res) -> exchange.run(req, res, true, chat::handle))
                .post("/v1/completions", (req, res) -> exchange.run(req, res, true, completions::handle))
                .post("/v1/embeddings", (req, res) -> exchange.run(req, res, true, embeddings::handle))
                .get("/v1/models", (req, res) -> exchange.run(req, res, false, this::listModels))
                .get("/v1/models/*", (req, res) -> exchange.run(req, res, false,
                        (context, header, body, channel) -> retrieveModel(req, context, header, channel)))
                .get("/health/live", (req, res) -> health(res, true))
                .get("/health/ready", (req, res) -> health(res, ready.getAsBoolean()))
                .delete("/admin/cache", (req, res) -> exchange.run(req, res, false,
                        (context, header, body, channel) -> purge(req, context, header, channel)))
                .any((req, res) -> exchange.run(req, res, false, (context, header, body, channel) -> {
                    throw new GatewayException(ErrorKind.UNKNOWN_URL, "Invalid URL ("
                            + req.prologue().method().text() + " " + req.path().path() + ").");
                }))
                .error(HttpException.class, this::httpError);
    }

    private void listModels(io.sluice.gateway.pipeline.RequestContext context,
                            java.util.function.Function<String, String> header, byte[] body,
                            HelidonChannel channel) {
        ClientKey key = gateway.authenticate(context, header);
        ObjectNode list = Json.object();
        list.put("object", "list");
        ArrayNode data = list.putArray("data");
        for (Route route : gateway.aliases().visibleTo(key)) {
            data.add(model(route));
        }
        context.status(200, null);
        channel.sendJson(200, Map.of(), Json.bytes(list));
    }

    private void retrieveModel(ServerRequest request, io.sluice.gateway.pipeline.RequestContext context,
                               java.util.function.Function<String, String> header, HelidonChannel channel) {
        ClientKey key = gateway.authenticate(context, header);
        String alias = request.path().path().substring(MODELS_PREFIX.length());
        Route route = gateway.aliases().resolve(alias, key);
        context.status(200, null);
        channel.sendJson(200, Map.of(), Json.bytes(model(route)));
    }

    private static ObjectNode model(Route route) {
        ObjectNode model = Json.object();
        model.put("id", route.alias());
        model.put("object", "model");
        model.put("created", route.createdEpochSeconds());
        model.put("owned_by", route.ownedBy());
        return model;
    }

    private void health(ServerResponse response, boolean up) {
        ObjectNode state = clusterState.get();
        state.put("status", up ? "UP" : "DOWN");
        response.status(up ? 200 : 503);
        response.header("x-request-id", RequestIds.next());
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        response.send(Json.bytes(state));
    }

    private void purge(ServerRequest request, io.sluice.gateway.pipeline.RequestContext context,
                       java.util.function.Function<String, String> header, HelidonChannel channel) {
        checkAdminKey(header);
        for (String name : request.query().names()) {
            if (!PURGE_PARAMETERS.contains(name)) {
                throw GatewayException.invalid(name, "Unknown query parameter '" + name
                        + "' (expected: tenant, alias or namespace).");
            }
        }
        PurgeFilter filter = new PurgeFilter(query(request, "tenant"), query(request, "alias"),
                query(request, "namespace"));
        if (filter.isEmpty()) {
            throw GatewayException.invalid("tenant", "Give at least one of the query parameters tenant, alias "
                    + "and namespace; purging the whole cache at once is not offered.");
        }
        long removed = gateway.cache().purge(filter);
        ObjectNode result = Json.object();
        result.put("object", "cache.purge");
        result.put("deleted", removed);
        context.status(200, null);
        channel.sendJson(200, Map.of(), Json.bytes(result));
    }

    private void checkAdminKey(java.util.function.Function<String, String> header) {
        String presented = header.apply("x-sluice-admin-key");
        String authorization = header.apply("authorization");
        if (presented == null && authorization != null
                && authorization.toLowerCase(Locale.ROOT).startsWith("bearer ")) {
            presented = authorization.substring("bearer ".length()).strip();
        }
        boolean valid = presented != null && adminKeySha256.isPresent() && MessageDigest.isEqual(
                Hashing.sha256Hex(presented).getBytes(StandardCharsets.US_ASCII),
                adminKeySha256.get().getBytes(StandardCharsets.US_ASCII));
        if (!valid) {
            throw new GatewayException(ErrorKind.INVALID_ADMIN_KEY, adminKeySha256.isPresent()
                    ? "Missing or incorrect admin key." : "The admin API is disabled: no admin key is configured.");
        }
    }

    private static Optional<String> query(ServerRequest request, String name) {
        return request.query().first(name).asOptional().map(String::strip).filter(value -> !value.isEmpty());
    }

    private void httpError(ServerRequest request, ServerResponse response, HttpException error) {
        int status = error.status().code();
        ErrorKind kind = switch (status) {
            case 404 -> ErrorKind.UNKNOWN_URL;
            case 413 -> ErrorKind.PAYLOAD_TOO_LARGE;
            default -> status < 500 ? ErrorKind.INVALID_REQUEST : ErrorKind.INTERNAL;
        };
        response.status(status < 400 ? 500 : status);
        response.header("x-request-id", RequestIds.next());
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        response.send(ErrorBodies.openAi(kind == ErrorKind.INTERNAL ? "The server had an error while processing "
                + "your request." : error.getMessage(), kind.type(), null, kind.code()));
    }
}
