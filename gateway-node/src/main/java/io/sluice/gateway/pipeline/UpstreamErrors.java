package io.sluice.gateway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.gateway.api.ErrorBodies;
import io.sluice.gateway.api.Json;
import io.sluice.gateway.config.GatewayConfig.ProviderSettings;
import io.sluice.gateway.routing.Route;
import io.sluice.gateway.upstream.SseEvent;
import io.sluice.gateway.upstream.UpstreamResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Turns an upstream's error response into the one the client gets: the upstream's status and its error
 * message, type, param and code in the OpenAI shape, with {@code Retry-After} kept.
 *
 * <p>The upstream's address, paths and credentials are scrubbed from the message, other fields of the body
 * are dropped, and no other upstream header is relayed. A 401 or 407 from the upstream means the upstream
 * rejected the gateway's own provider credential. The client's key was valid, so the client gets a 502,
 * which the SDKs report as a server fault rather than as a wrong key.
 */
final class UpstreamErrors {

    private static final Pattern URL = Pattern.compile("(?i)\\b(?:https?|wss?)://[^\\s\"'<>]+");
    /** Strings shaped like API keys or bearer tokens, masked or not, whoever's they are. */
    private static final Pattern CREDENTIAL = Pattern.compile(
            "(?i)(?:\\bbearer\\s+\\S+|\\b(?:sk|rk|pk)-[A-Za-z0-9_\\-*.]{6,}|\\bkey-[A-Za-z0-9_\\-*.]{8,})");
    private static final int MAX_MESSAGE_CHARS = 2000;
    private static final int MAX_FIELD_CHARS = 200;
    private static final String[] RELAYED_HEADERS = {"retry-after", "retry-after-ms", "x-should-retry"};

    private UpstreamErrors() {
    }

    /** A sanitized error ready to send. */
    record ClientError(int status, Map<String, String> headers, byte[] body, String code) {
    }

    /** Reads an upstream error response and sends its sanitized form to the client. */
    static void relay(RequestContext context, Route route, UpstreamResponse response, ClientChannel channel) {
        byte[] upstreamBody;
        try {
            upstreamBody = response.body();
        } catch (IOException e) {
            upstreamBody = new byte[0];
        }
        ClientError error = sanitize(response.status(), upstreamBody, response::header, route.provider());
        Map<String, String> headers = new LinkedHashMap<>(error.headers());
        headers.put(Headers.CACHE, context.cacheStatusName());
        context.status(error.status(), error.code() == null ? "upstream_" + response.status() : error.code());
        channel.sendJson(error.status(), headers, error.body());
    }

    static ClientError sanitize(int upstreamStatus, byte[] upstreamBody, Function<String, Optional<String>> header,
                                ProviderSettings provider) {
        JsonNode error = errorObject(upstreamBody);
        String message = scrub(text(error, "message").orElse("The upstream returned HTTP " + upstreamStatus + "."),
                provider);
        String type = scrubbed(error, "type", provider).orElse(upstreamStatus >= 500 ? "server_error"
                : "invalid_request_error");
        String param = scrubbed(error, "param", provider).orElse(null);
        String code = scrubbed(error, "code", provider).orElse(null);
        int status = upstreamStatus;
        Map<String, String> headers = new LinkedHashMap<>();
        if (upstreamStatus == 401 || upstreamStatus == 407) {
            status = 502;
            message = "The upstream rejected the gateway's provider credentials.";
            type = "server_error";
            param = null;
            code = "upstream_auth_failed";
        } else if (upstreamStatus < 400 || upstreamStatus > 599) {
            status = 502;
            code = "upstream_bad_response";
            type = "server_error";
        }
        for (String name : RELAYED_HEADERS) {
            header.apply(name).ifPresent(value -> headers.put(name, value));
        }
        return new ClientError(status, headers, ErrorBodies.openAi(message, type, param, code), code);
    }

    /**
     * Builds the in-band error event that replaces an error an upstream sent inside a stream: the same
     * fields, scrubbed like an HTTP error, in the OpenAI shape.
     */
    static byte[] inBandEvent(JsonNode chunk, ProviderSettings provider) {
        JsonNode error = chunk.path("error").isObject() ? chunk.get("error")
                : chunk.has("error") ? Json.object().put("message", chunk.get("error").asText("")) : chunk;
        String message = scrub(text(error, "message").orElse("The upstream reported an error in the stream."),
                provider);
        String type = scrubbed(error, "type", provider).orElse("server_error");
        return SseEvent.data(Json.string(ErrorBodies.openAiNode(message, type,
                scrubbed(error, "param", provider).orElse(null), scrubbed(error, "code", provider).orElse(null))))
                .raw();
    }

    /** Finds the error fields: OpenAI's {@code {"error":{...}}}, or the flat vLLM-style object. */
    private static JsonNode errorObject(byte[] body) {
        try {
            JsonNode root = Json.parse(body);
            if (root.path("error").isObject()) {
                return root.get("error");
            }
            if (root.path("error").isTextual()) {
                return Json.object().put("message", root.get("error").textValue());
            }
            return root.isObject() ? root : Json.object();
        } catch (IOException e) {
            return Json.object();
        }
    }

    /** Returns a short field (type, param, code) scrubbed like the message and cut to a sane length. */
    private static Optional<String> scrubbed(JsonNode error, String field, ProviderSettings provider) {
        return text(error, field).map(value -> scrub(value, provider))
                .map(value -> value.length() <= MAX_FIELD_CHARS ? value : value.substring(0, MAX_FIELD_CHARS));
    }

    private static Optional<String> text(JsonNode error, String field) {
        JsonNode value = error.get(field);
        if (value == null || value.isNull() || value.isContainerNode()) {
            return Optional.empty();
        }
        String text = value.asText();
        return text.isEmpty() ? Optional.empty() : Optional.of(text);
    }

    /** Removes URLs, the provider's host and its key from a message, and bounds its length. */
    static String scrub(String message, ProviderSettings provider) {
        String scrubbed = message;
        if (provider.apiKey().isPresent()) {
            scrubbed = scrubbed.replace(provider.apiKey().get().reveal(), "[credential]");
        }
        scrubbed = CREDENTIAL.matcher(scrubbed).replaceAll("[credential]");
        scrubbed = URL.matcher(scrubbed).replaceAll("[upstream]");
        String host = provider.baseUri().getHost();
        if (host != null && !host.isEmpty()) {
            scrubbed = scrubbed.replace(host, "[upstream]");
        }
        String path = provider.baseUri().getPath();
        if (path != null && path.length() > 1) {
            scrubbed = scrubbed.replace(path, "[path]");
        }
        return scrubbed.length() <= MAX_MESSAGE_CHARS ? scrubbed : scrubbed.substring(0, MAX_MESSAGE_CHARS) + "…";
    }
}
