package io.sluice.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ScriptingTest {

    private static final String CHAT = "/v1/chat/completions";

    private static UpstreamSimulator simulator;
    private static TestHttp http;

    @BeforeAll
    static void start() {
        simulator = UpstreamSimulator.start();
        http = new TestHttp(simulator);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @BeforeEach
    void reset() {
        simulator.reset();
    }

    private static String chat(String nonce) {
        return "{\"model\":\"fu-model\",\"messages\":[{\"role\":\"user\",\"content\":\"hi nonce=" + nonce + "\"}]}";
    }

    @Test
    void statusHeadersAndBody_areSentAsScripted() {
        String error = "{\"error\":{\"message\":\"Slow down\",\"type\":\"requests\",\"param\":null,"
                + "\"code\":\"rate_limit_exceeded\"}}";
        simulator.script(ScriptSpec.of("nonce=s1", ResponseSpec.builder()
                .status(429).header("Retry-After", "7").header("x-should-retry", "true").jsonBody(error).build()));

        HttpResponse<String> response = http.post(CHAT, chat("s1"));

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("retry-after")).hasValue("7");
        assertThat(response.headers().firstValue("x-should-retry")).hasValue("true");
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.body()).isEqualTo(error);
        RecordedRequest recorded = simulator.requests("nonce=s1").getFirst();
        assertThat(recorded.completed()).isTrue();
        assertThat(recorded.method()).isEqualTo("POST");
        assertThat(recorded.path()).isEqualTo(CHAT);
        assertThat(recorded.body()).isEqualTo(chat("s1"));
        assertThat(recorded.header("Content-Type")).hasValue("application/json");
    }

    @Test
    void responses_usedInOrderThenGenerated() {
        simulator.script(ScriptSpec.of("nonce=s2",
                ResponseSpec.json(503, "{\"error\":{\"message\":\"busy\"}}"),
                ResponseSpec.json(200, "{\"call\":2}")));

        List<Integer> statuses = List.of(http.post(CHAT, chat("s2")), http.post(CHAT, chat("s2")),
                http.post(CHAT, chat("s2"))).stream().map(HttpResponse::statusCode).toList();
        HttpResponse<String> fourth = http.post(CHAT, chat("s2"));

        assertThat(statuses).containsExactly(503, 200, 200);
        assertThat(TestHttp.json(fourth.body()).path("object").asText()).isEqualTo("chat.completion");
        assertThat(simulator.calls("nonce=s2")).isEqualTo(4);
    }

    @Test
    void repeatLast_keepsAnsweringWithLastResponse() {
        simulator.script(ScriptSpec.of("nonce=s3", ResponseSpec.json(500, "{}"), ResponseSpec.json(502, "{}"))
                .repeatingLast());

        List<Integer> statuses = java.util.stream.IntStream.range(0, 4)
                .mapToObj(i -> http.post(CHAT, chat("s3")).statusCode()).toList();

        assertThat(statuses).containsExactly(500, 502, 502, 502);
    }

    @Test
    void firstMatchingScriptWins_untilUsedUp() {
        simulator.script(ScriptSpec.of("nonce=s4", ResponseSpec.json(401, "{}")));
        simulator.script(ScriptSpec.of("s4", ResponseSpec.json(403, "{}")));

        int first = http.post(CHAT, chat("s4")).statusCode();
        int second = http.post(CHAT, chat("s4")).statusCode();

        assertThat(first).isEqualTo(401);
        assertThat(second).isEqualTo(403);
    }

    @Test
    void path_limitsWhichCallsMatch() {
        simulator.script(ScriptSpec.of("nonce=s5", ResponseSpec.json(418, "{}")).onPath("/v1/embeddings"));

        int chatStatus = http.post(CHAT, chat("s5")).statusCode();
        int embeddingStatus = http.post("/v1/embeddings", "{\"model\":\"e\",\"input\":\"nonce=s5\"}").statusCode();

        assertThat(chatStatus).isEqualTo(200);
        assertThat(embeddingStatus).isEqualTo(418);
    }

    @Test
    void generatedSpec_addsHeadersAndPacing() {
        simulator.script(ScriptSpec.of("nonce=s6", ResponseSpec.builder()
                .header("x-ratelimit-remaining-requests", "0").chunkDelayMillis(40).ttftMillis(0).build()));

        HttpResponse<String> response = http.post(CHAT, "{\"model\":\"fu-model\",\"stream\":true,\"max_tokens\":4,"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"nonce=s6\"}]}");

        assertThat(response.headers().firstValue("x-ratelimit-remaining-requests")).hasValue("0");
        assertThat(SseParser.parse(response.body()).getLast().data()).isEqualTo("[DONE]");
        List<Long> sent = simulator.requests("nonce=s6").getFirst().eventsSentAtMillis();
        // role, 4 content chunks, finish, [DONE]: three 40 ms gaps between the content chunks.
        assertThat(sent).hasSize(7);
        assertThat(sent.get(4) - sent.get(1)).isGreaterThanOrEqualTo(3 * 40 - 3);
    }

    @Test
    void bodyText_isSentVerbatimAsPlainText() {
        simulator.script(
                "{\"match\":\"nonce=s7\",\"responses\":[{\"status\":502,\"body_text\":\"<html>bad gateway\"}]}");

        HttpResponse<String> response = http.post(CHAT, chat("s7"));

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).isEqualTo("<html>bad gateway");
        assertThat(response.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
    }

    @Test
    void jsonScript_keepsNumbersAndKeyOrder() {
        simulator.script("{\"match\":\"nonce=s8\",\"responses\":[{\"body\":{\"b\":1.50,\"a\":[1e2,null,true]},"
                + "\"status\":200,\"headers\":{\"X-Count\":3}}]}");

        HttpResponse<String> response = http.post(CHAT, chat("s8"));

        assertThat(response.body()).isEqualTo("{\"b\":1.50,\"a\":[1E+2,null,true]}");
        assertThat(response.headers().firstValue("x-count")).hasValue("3");
    }

    @Test
    void jsonScript_errorsNameTheField() {
        assertThatThrownBy(() -> simulator.script("{\"responses\":[{\"stauts\":200}]}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("responses[0].stauts: unknown field");
        assertThatThrownBy(() -> simulator.script("{\"responses\":[{\"events\":[{\"data\":{},\"delay_ms\":-1}]}]}"))
                .hasMessageContaining("responses[0].events[0].delay_ms: -1");
        assertThatThrownBy(() -> simulator.script("{\"responses\":[{\"end\":\"explode\"}]}"))
                .hasMessageContaining("responses[0].end: \"explode\"");
        assertThatThrownBy(() -> simulator.script("{\"responses\":[]}"))
                .hasMessageContaining("responses: missing or empty");
        assertThatThrownBy(() -> simulator.script("{\"responses\":[{\"body\":1,\"events\":[]}]}"))
                .hasMessageContaining("responses[0].body: set together with events");
        assertThatThrownBy(() -> simulator.script("{\"responses\":[{\"status\":200,\"ttft_ms\":5}]}"))
                .hasMessageContaining("ttft_ms");
        assertThatThrownBy(() -> simulator.script("{\"responses\":[{\"headers\":{\"Content-Length\":\"5\"}}]}"))
                .hasMessageContaining("headers.Content-Length");
        assertThatThrownBy(() -> simulator.script("{\"responses\":"))
                .hasMessageContaining("script: malformed JSON");
    }

    @Test
    void scriptJson_roundTripsToSameBytes() {
        ScriptSpec original = new ScriptSpec("nonce=s9", "/v1/chat/completions", List.of(
                ResponseSpec.builder().status(200).header("X-A", "1").events(ChatStreamBuilder.create("m")
                        .role().pause(25).content("x").done().build()).end(EndMode.HANG).hangMillis(10).build(),
                ResponseSpec.builder().chunkDelayMillis(3).build()), true);

        ScriptSpec copy = ScriptSpec.fromJson(original.toJson());

        assertThat(copy.match()).isEqualTo(original.match());
        assertThat(copy.path()).isEqualTo(original.path());
        assertThat(copy.repeatLast()).isTrue();
        ResponseSpec first = copy.responses().getFirst();
        assertThat(first.headers()).isEqualTo(original.responses().getFirst().headers());
        assertThat(first.end()).isEqualTo(EndMode.HANG);
        assertThat(first.hangMillis()).isEqualTo(10);
        assertThat(first.events()).extracting(SseEvent::delayMillis).containsExactly(0L, 25L, 0L);
        List<SseEvent> originalEvents = original.responses().getFirst().events();
        for (int i = 0; i < first.events().size(); i++) {
            assertThat(first.events().get(i).encode()).isEqualTo(originalEvents.get(i).encode());
        }
        assertThat(copy.responses().get(1).kind()).isEqualTo(ResponseSpec.Kind.GENERATED);
        assertThat(copy.responses().get(1).chunkDelayMillis()).isEqualTo(3);
    }

    @Test
    void scriptedEvents_oneChunkEachWithDelays() throws IOException {
        simulator.script("{\"match\":\"nonce=s10\",\"responses\":[{\"events\":["
                + "{\"data\":{\"n\":1}},"
                + "{\"data\":{\"n\":2},\"delay_ms\":120},"
                + "{\"event\":\"custom\",\"data\":\"text\",\"delay_ms\":60},"
                + "{\"raw\":\": keep-alive\\n\\n\"},"
                + "{\"data\":\"[DONE]\"}]}]}");

        RawHttp.Response response;
        try (RawHttp raw = new RawHttp(simulator.port())) {
            raw.post(CHAT, chat("s10"));
            response = raw.read();
        }

        assertThat(response.complete()).isTrue();
        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("content-type")).isEqualTo("text/event-stream");
        assertThat(response.header("content-length")).isNull();
        assertThat(response.chunks()).containsExactly(
                "data: {\"n\":1}\n\n",
                "data: {\"n\":2}\n\n",
                "event: custom\ndata: \"text\"\n\n",
                ": keep-alive\n\n",
                "data: [DONE]\n\n");
        RecordedRequest recorded = simulator.requests("nonce=s10").getFirst();
        List<Long> sent = recorded.eventsSentAtMillis();
        assertThat(recorded.eventsSent()).isEqualTo(5);
        assertThat(sent.get(1) - sent.get(0)).isGreaterThanOrEqualTo(119);
        assertThat(sent.get(2) - sent.get(1)).isGreaterThanOrEqualTo(59);
        assertThat(sent.get(1) - sent.get(0)).isLessThan(400);
        assertThat(recorded.completed()).isTrue();
        assertThat(new String(response.body(), StandardCharsets.UTF_8)).endsWith("data: [DONE]\n\n");
        List<Long> arrived = response.chunkArrivalNanos();
        assertThat(arrived.get(1) - arrived.get(0)).isGreaterThanOrEqualTo(100_000_000L);
    }

    @Test
    void chatBuilderResponse_isParsedBySse() {
        simulator.script(ScriptSpec.of("nonce=s11", ChatStreamBuilder.create("fu-model")
                .role().content("Par").content("tial").finish("stop").usage(11, 2).done().toResponse()));

        HttpResponse<String> response = http.post(CHAT, chat("s11"));

        List<SseParser.Event> events = SseParser.parse(response.body());
        assertThat(events).hasSize(6);
        JsonNode usage = TestHttp.json(events.get(4).data()).path("usage");
        assertThat(usage.path("total_tokens").asInt()).isEqualTo(13);
    }
}
