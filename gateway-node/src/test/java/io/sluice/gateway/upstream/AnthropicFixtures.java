package io.sluice.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.gateway.api.Endpoint;
import io.sluice.gateway.api.Json;
import io.sluice.gateway.config.CacheMode;
import io.sluice.gateway.config.Dialect;
import io.sluice.gateway.config.GatewayConfig.ProviderSettings;
import io.sluice.gateway.config.Secret;
import io.sluice.gateway.routing.Route;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Shared builders for the Anthropic connector tests: provider, route, requests and SSE transcripts. */
final class AnthropicFixtures {

    static final String PROVIDER_KEY = "PROVKEY-D";
    static final String UPSTREAM_MODEL = "claude-test-model";
    static final String ALIAS = "m-claude";
    static final int DEFAULT_MAX_TOKENS = 4096;
    static final long CREATED = 1_760_000_000L;

    private AnthropicFixtures() {
    }

    static ProviderSettings provider(URI baseUri, String apiKey) {
        Optional<Secret> key = apiKey == null ? Optional.empty() : Optional.of(new Secret(apiKey, "test"));
        return new ProviderSettings("anthropic", Dialect.ANTHROPIC, baseUri, key, Duration.ofSeconds(2),
                Duration.ofSeconds(5), 4, true, "2023-06-01", DEFAULT_MAX_TOKENS);
    }

    static ProviderSettings provider() {
        return provider(URI.create("http://127.0.0.1:1/v1"), PROVIDER_KEY);
    }

    static Route route(ProviderSettings provider) {
        return new Route(ALIAS, provider, UPSTREAM_MODEL, CacheMode.NEVER, Optional.empty(), "anthropic", 0L);
    }

    static UpstreamRequest request(Endpoint endpoint, ProviderSettings provider, String json) {
        ObjectNode body = (ObjectNode) parse(json);
        boolean stream = body.path("stream").asBoolean(false);
        return new UpstreamRequest(endpoint, route(provider), body, stream, Map.of("traceparent",
                "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"), new Cancellation());
    }

    static UpstreamRequest chat(String json) {
        return request(Endpoint.CHAT_COMPLETIONS, provider(), json);
    }

    static JsonNode parse(String json) {
        return Json.parseTrusted(json.getBytes(StandardCharsets.UTF_8));
    }

    static JsonNode parse(byte[] json) {
        return Json.parseTrusted(json);
    }

    /** Reads a recorded transcript from the test resources. */
    static byte[] resource(String name) {
        try (InputStream input = AnthropicFixtures.class.getResourceAsStream("/anthropic/" + name)) {
            if (input == null) {
                throw new IllegalStateException("missing test resource /anthropic/" + name);
            }
            return input.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Splits SSE bytes into events with the production reader. */
    static List<SseEvent> events(byte[] sse) {
        SseReader reader = new SseReader(new ByteArrayInputStream(sse), UpstreamHttp.MAX_EVENT_BYTES);
        List<SseEvent> events = new ArrayList<>();
        try {
            for (SseEvent event = reader.next(); event != null; event = reader.next()) {
                events.add(event);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return events;
    }

    /** Builds one Anthropic named event: {@code event: <type>} and {@code data: <json>}. */
    static SseEvent anthropic(String json) {
        return SseEvent.named(parse(json).path("type").asText(), json);
    }

    /** Joins named events into the bytes of an Anthropic stream. */
    static byte[] stream(SseEvent... events) {
        StringBuilder text = new StringBuilder();
        for (SseEvent event : events) {
            text.append(new String(event.raw(), StandardCharsets.UTF_8));
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Builds the parallel tool call stream: text, then two tool_use blocks at Anthropic indices 1 and 2. */
    static SseEvent[] parallelToolCallStream() {
        return new SseEvent[] {
            messageStart("msg_parallel", "{\"input_tokens\":25,\"output_tokens\":1}"),
            textStart(0),
            textDelta(0, "Checking."),
            blockStop(0),
            toolStart(1, "toolu_A", "get_weather"),
            jsonDelta(1, "{\\\"ci"),
            jsonDelta(1, "ty\\\":\\\"Paris\\\"}"),
            blockStop(1),
            toolStart(2, "toolu_B", "get_weather"),
            jsonDelta(2, "{\\\"city\\\":"),
            jsonDelta(2, "\\\"Tokyo\\\"}"),
            blockStop(2),
            messageDelta("tool_use", "{\"output_tokens\":40}"),
            messageStop(),
        };
    }

    static SseEvent messageStart(String id, String usageJson) {
        return anthropic("{\"type\":\"message_start\",\"message\":{\"id\":\"" + id + "\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"content\":[],\"model\":\"" + UPSTREAM_MODEL + "\",\"stop_reason\":null,"
                + "\"stop_sequence\":null,\"usage\":" + usageJson + "}}");
    }

    static SseEvent textStart(int index) {
        return anthropic("{\"type\":\"content_block_start\",\"index\":" + index
                + ",\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
    }

    static SseEvent textDelta(int index, String text) {
        return anthropic("{\"type\":\"content_block_delta\",\"index\":" + index
                + ",\"delta\":{\"type\":\"text_delta\",\"text\":\"" + text + "\"}}");
    }

    static SseEvent toolStart(int index, String id, String name) {
        return anthropic("{\"type\":\"content_block_start\",\"index\":" + index + ",\"content_block\":"
                + "{\"type\":\"tool_use\",\"id\":\"" + id + "\",\"name\":\"" + name + "\",\"input\":{}}}");
    }

    /** Builds an input_json_delta from {@code escapedJson}, which is already escaped for a JSON string. */
    static SseEvent jsonDelta(int index, String escapedJson) {
        return anthropic("{\"type\":\"content_block_delta\",\"index\":" + index
                + ",\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":\"" + escapedJson + "\"}}");
    }

    static SseEvent blockStop(int index) {
        return anthropic("{\"type\":\"content_block_stop\",\"index\":" + index + "}");
    }

    static SseEvent messageDelta(String stopReason, String usageJson) {
        return anthropic("{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + stopReason
                + "\",\"stop_sequence\":null},\"usage\":" + usageJson + "}");
    }

    static SseEvent messageStop() {
        return anthropic("{\"type\":\"message_stop\"}");
    }
}
