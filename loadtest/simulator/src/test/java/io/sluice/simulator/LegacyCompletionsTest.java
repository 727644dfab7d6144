package io.sluice.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LegacyCompletionsTest {

    private static final String PATH = "/v1/completions";

    private static UpstreamSimulator simulator;
    private static TestHttp http;

    @BeforeAll
    static void start() {
        simulator = UpstreamSimulator.start(SimulatorOptions.builder().completionWords(20).build());
        http = new TestHttp(simulator);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void nonStream_returnsTextCompletion() {
        HttpResponse<String> response = http.post(PATH, "{\"model\":\"fu-model\",\"prompt\":\"Say hi\","
                + "\"max_tokens\":4}");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = TestHttp.json(response.body());
        assertThat(body.path("object").asText()).isEqualTo("text_completion");
        assertThat(body.path("id").asText()).startsWith("cmpl-");
        assertThat(body.path("model").asText()).isEqualTo("fu-model");
        JsonNode choice = body.path("choices").get(0);
        assertThat(choice.path("text").asText().split(" ")).hasSize(4);
        assertThat(choice.path("index").asInt()).isZero();
        assertThat(choice.has("logprobs")).isTrue();
        assertThat(choice.path("finish_reason").asText()).isEqualTo("length");
        assertThat(body.path("usage").path("prompt_tokens").asInt()).isEqualTo(2);
        assertThat(body.path("usage").path("completion_tokens").asInt()).isEqualTo(4);
    }

    @Test
    void promptArrayWithN_indexesPerPrompt() {
        JsonNode body = TestHttp.json(http.post(PATH,
                "{\"model\":\"m\",\"prompt\":[\"a\",\"b c\"],\"n\":2,\"max_tokens\":100}").body());

        assertThat(body.path("choices")).hasSize(4);
        for (int i = 0; i < 4; i++) {
            assertThat(body.path("choices").get(i).path("index").asInt()).isEqualTo(i);
            assertThat(body.path("choices").get(i).path("finish_reason").asText()).isEqualTo("stop");
        }
        assertThat(body.path("usage").path("prompt_tokens").asInt()).isEqualTo(3);
    }

    @Test
    void stream_chunksConcatenateToNonStreamText() {
        String request = "\"model\":\"m\",\"prompt\":\"Once upon a time\"";
        String expected = TestHttp.json(http.post(PATH, "{" + request + "}").body())
                .path("choices").get(0).path("text").asText();

        HttpResponse<String> response = http.post(PATH, "{" + request + ",\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true}}");

        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
        List<SseParser.Event> events = SseParser.parse(response.body());
        assertThat(events.getLast().data()).isEqualTo("[DONE]");
        StringBuilder streamed = new StringBuilder();
        String finish = null;
        for (SseParser.Event event : events.subList(0, events.size() - 2)) {
            JsonNode chunk = TestHttp.json(event.data());
            assertThat(chunk.path("object").asText()).isEqualTo("text_completion");
            JsonNode choice = chunk.path("choices").get(0);
            streamed.append(choice.path("text").asText());
            if (!choice.path("finish_reason").isNull()) {
                finish = choice.path("finish_reason").asText();
            }
        }
        assertThat(streamed.toString()).isEqualTo(expected);
        assertThat(finish).isEqualTo("length");
        JsonNode usage = TestHttp.json(events.get(events.size() - 2).data());
        assertThat(usage.path("choices")).isEmpty();
        assertThat(usage.path("usage").path("completion_tokens").asInt()).isEqualTo(16);
    }

    @Test
    void missingPrompt_isRejectedWithParam() {
        HttpResponse<String> response = http.post(PATH, "{\"model\":\"m\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(TestHttp.json(response.body()).path("error").path("param").asText()).isEqualTo("prompt");
    }
}
