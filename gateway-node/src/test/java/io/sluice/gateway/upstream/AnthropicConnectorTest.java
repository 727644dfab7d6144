package io.sluice.gateway.upstream;

import static io.sluice.gateway.upstream.AnthropicFixtures.PROVIDER_KEY;
import static io.sluice.gateway.upstream.AnthropicFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.sluice.gateway.api.Endpoint;
import io.sluice.gateway.api.ErrorKind;
import io.sluice.gateway.api.GatewayException;
import io.sluice.gateway.config.GatewayConfig.ProviderSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Runs the connector against a scripted Anthropic upstream on 127.0.0.1. */
class AnthropicConnectorTest {

    private static final String CHAT = "{\"model\":\"m-claude\",\"messages\":[{\"role\":\"system\",\"content\":\"S\"},"
            + "{\"role\":\"user\",\"content\":\"hi\"}]";

    /** One request the fake upstream received. */
    private record Recorded(String method, String path, Map<String, List<String>> headers, byte[] body) {

        String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : String.join(",", values);
        }
    }

    /** What the fake upstream does with a request. */
    private interface Script {
        void respond(HttpExchange exchange) throws IOException;
    }

    private final List<Recorded> received = new CopyOnWriteArrayList<>();
    private volatile Script script;
    private HttpServer server;

    @BeforeEach
    void startUpstream() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.putAll(exchange.getRequestHeaders());
            received.add(new Recorded(exchange.getRequestMethod(), exchange.getRequestURI().getPath(), headers,
                    exchange.getRequestBody().readAllBytes()));
            try {
                script.respond(exchange);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    @AfterEach
    void stopUpstream() {
        server.stop(0);
    }

    private ProviderSettings provider(String apiKey) {
        URI baseUri = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/v1");
        return AnthropicFixtures.provider(baseUri, apiKey);
    }

    private static void reply(HttpExchange exchange, int status, String contentType, byte[] body)
            throws IOException {
        exchange.getResponseHeaders().add("content-type", contentType);
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream output = exchange.getResponseBody()) {
            output.write(body);
        }
    }

    private static void replyStream(HttpExchange exchange, byte[] sse) throws IOException {
        exchange.getResponseHeaders().add("content-type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream output = exchange.getResponseBody()) {
            output.write(sse);
        }
    }

    private static List<SseEvent> drain(UpstreamResponse response) throws IOException {
        List<SseEvent> events = new ArrayList<>();
        for (SseEvent event = response.nextEvent(); event != null; event = response.nextEvent()) {
            events.add(event);
        }
        return events;
    }

    @Test
    void stream_sendsProviderHeadersAndTranslates() throws IOException {
        script = exchange -> replyStream(exchange, AnthropicFixtures.resource("anthropic-messages-stream-basic.sse"));
        ProviderSettings provider = provider(PROVIDER_KEY);
        AnthropicConnector connector = new AnthropicConnector(provider);

        List<SseEvent> events;
        try (UpstreamResponse response = connector.send(AnthropicFixtures.request(Endpoint.CHAT_COMPLETIONS,
                provider, CHAT + ",\"stream\":true,\"user\":\"u-1\"}"))) {
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.isEventStream()).isTrue();
            events = drain(response);
        }

        assertThat(received).hasSize(1);
        Recorded request = received.getFirst();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/v1/messages");
        assertThat(request.header("x-api-key")).isEqualTo(PROVIDER_KEY);
        assertThat(request.header("anthropic-version")).isEqualTo("2023-06-01");
        assertThat(request.header("authorization")).isNull();
        assertThat(request.header("accept")).isEqualTo("text/event-stream");
        assertThat(request.header("content-type")).startsWith("application/json");
        assertThat(request.header("traceparent")).isNotBlank();
        request.headers().forEach((name, values) -> assertThat(values).allSatisfy(value ->
                assertThat(value).isNotBlank().isNotEqualTo("None").isNotEqualTo("null")));
        JsonNode body = parse(request.body());
        assertThat(body.path("model").asText()).isEqualTo(AnthropicFixtures.UPSTREAM_MODEL);
        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(body.path("system").get(0).path("text").asText()).isEqualTo("S");

        assertThat(events).hasSize(7);
        assertThat(events.getLast().isDone()).isTrue();
        assertThat(events.stream().filter(SseEvent::isDone).count()).isEqualTo(1);
        StringBuilder content = new StringBuilder();
        for (SseEvent event : events.subList(0, events.size() - 1)) {
            parse(event.data()).path("choices").forEach(choice ->
                    content.append(choice.path("delta").path("content").asText("")));
        }
        assertThat(content.toString()).isEqualTo("Hello there!");
    }

    @Test
    void noProviderKey_sendsNoApiKeyHeader() throws IOException {
        script = exchange -> replyStream(exchange, AnthropicFixtures.resource("anthropic-messages-stream-basic.sse"));
        ProviderSettings provider = provider(null);

        try (UpstreamResponse response = new AnthropicConnector(provider).send(AnthropicFixtures.request(
                Endpoint.CHAT_COMPLETIONS, provider, CHAT + ",\"stream\":true}"))) {
            drain(response);
        }

        Recorded request = received.getFirst();
        assertThat(request.header("x-api-key")).isNull();
        assertThat(request.header("authorization")).isNull();
        assertThat(request.header("anthropic-version")).isEqualTo("2023-06-01");
    }

    @Test
    void nonStream_translatesMessage() throws IOException {
        byte[] message = ("{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-x\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"Let me check.\"},{\"type\":\"tool_use\","
                + "\"id\":\"toolu_1\",\"name\":\"get_time\",\"input\":{\"tz\":\"UTC\"}}],\"stop_reason\":\"tool_use\","
                + "\"stop_sequence\":null,\"usage\":{\"input_tokens\":20,\"output_tokens\":15}}")
                .getBytes(StandardCharsets.UTF_8);
        script = exchange -> reply(exchange, 200, "application/json", message);
        ProviderSettings provider = provider(PROVIDER_KEY);

        JsonNode completion;
        try (UpstreamResponse response = new AnthropicConnector(provider).send(AnthropicFixtures.request(
                Endpoint.CHAT_COMPLETIONS, provider, CHAT + ",\"max_tokens\":5,\"stop\":[\"END\"]}"))) {
            assertThat(response.status()).isEqualTo(200);
            assertThat(response.isEventStream()).isFalse();
            completion = parse(response.body());
        }

        JsonNode sent = parse(received.getFirst().body());
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(5);
        assertThat(sent.path("stop_sequences")).isEqualTo(parse("[\"END\"]"));
        assertThat(received.getFirst().header("accept")).isEqualTo("application/json");
        JsonNode choice = completion.path("choices").get(0);
        assertThat(choice.path("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(parse(choice.path("message").path("tool_calls").get(0).path("function").path("arguments")
                .asText())).isEqualTo(parse("{\"tz\":\"UTC\"}"));
        assertThat(completion.path("usage").path("total_tokens").asLong()).isEqualTo(35);
    }

    @Test
    void overloaded_reportedAs503WithOpenAiError() throws IOException {
        byte[] error = "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"
                .getBytes(StandardCharsets.UTF_8);
        script = exchange -> {
            exchange.getResponseHeaders().add("retry-after", "3");
            reply(exchange, 529, "application/json", error);
        };
        ProviderSettings provider = provider(PROVIDER_KEY);

        try (UpstreamResponse response = new AnthropicConnector(provider).send(AnthropicFixtures.request(
                Endpoint.CHAT_COMPLETIONS, provider, CHAT + ",\"stream\":true}"))) {
            assertThat(response.status()).isEqualTo(503);
            assertThat(response.header("retry-after")).contains("3");
            assertThat(parse(response.body())).isEqualTo(parse("{\"error\":{\"message\":\"Overloaded\","
                    + "\"type\":\"overloaded_error\",\"param\":null,\"code\":null}}"));
        }
    }

    @Test
    void truncatedStream_endsWithoutDone() throws IOException {
        byte[] cut = AnthropicFixtures.stream(
                AnthropicFixtures.messageStart("msg_cut", "{\"input_tokens\":3,\"output_tokens\":1}"),
                AnthropicFixtures.textStart(0),
                AnthropicFixtures.textDelta(0, "partial"));
        script = exchange -> replyStream(exchange, cut);
        ProviderSettings provider = provider(PROVIDER_KEY);

        List<SseEvent> events;
        try (UpstreamResponse response = new AnthropicConnector(provider).send(AnthropicFixtures.request(
                Endpoint.CHAT_COMPLETIONS, provider, CHAT + ",\"stream\":true}"))) {
            events = drain(response);
        }

        assertThat(events).hasSize(2);
        assertThat(events).noneMatch(SseEvent::isDone);
        assertThat(parse(events.getLast().data()).path("choices").get(0).path("delta").path("content").asText())
                .isEqualTo("partial");
    }

    @Test
    void completionsEndpoint_rejectedWithoutUpstreamCall() {
        ProviderSettings provider = provider(PROVIDER_KEY);
        UpstreamRequest request = AnthropicFixtures.request(Endpoint.COMPLETIONS, provider,
                "{\"model\":\"m-claude\",\"prompt\":\"hi\"}");

        assertThatThrownBy(() -> new AnthropicConnector(provider).send(request))
                .isInstanceOfSatisfying(GatewayException.class, exception -> {
                    assertThat(exception.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
                    assertThat(exception.param()).isEqualTo("model");
                });
        assertThat(received).isEmpty();
    }
}
