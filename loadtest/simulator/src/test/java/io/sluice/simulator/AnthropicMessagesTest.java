package io.sluice.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class AnthropicMessagesTest {

    private static final String PATH = "/v1/messages";
    private static final String REQUEST = "\"model\":\"fu-claude\",\"system\":\"Be brief.\","
            + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Say hello now\"}]}]";

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

    @Test
    void nonStream_returnsMessage() {
        HttpResponse<String> response = http.post(PATH, "{\"max_tokens\":1000," + REQUEST + "}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("request-id")).isPresent();
        JsonNode body = TestHttp.json(response.body());
        assertThat(body.path("id").asText()).startsWith("msg_");
        assertThat(body.path("type").asText()).isEqualTo("message");
        assertThat(body.path("role").asText()).isEqualTo("assistant");
        assertThat(body.path("model").asText()).isEqualTo("fu-claude");
        assertThat(body.path("content")).hasSize(1);
        assertThat(body.path("content").get(0).path("type").asText()).isEqualTo("text");
        assertThat(body.path("content").get(0).path("text").asText()).isNotBlank();
        assertThat(body.path("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(body.has("stop_sequence")).isTrue();
        assertThat(body.path("stop_sequence").isNull()).isTrue();
        // 2 system words + 3 user words, plus 3 for the message, plus 3.
        assertThat(body.path("usage").path("input_tokens").asInt()).isEqualTo(11);
        assertThat(body.path("usage").path("output_tokens").asInt())
                .isEqualTo(body.path("content").get(0).path("text").asText().split(" ").length);
    }

    @Test
    void maxTokens_capsAndStopsWithMaxTokens() {
        JsonNode body = TestHttp.json(http.post(PATH, "{\"max_tokens\":2," + REQUEST + "}").body());

        assertThat(body.path("stop_reason").asText()).isEqualTo("max_tokens");
        assertThat(body.path("usage").path("output_tokens").asInt()).isEqualTo(2);
    }

    @Test
    void stream_followsMessagesEventSequence() {
        String text = TestHttp.json(http.post(PATH, "{\"max_tokens\":1000," + REQUEST + "}").body())
                .path("content").get(0).path("text").asText();

        HttpResponse<String> response = http.post(PATH, "{\"max_tokens\":1000,\"stream\":true," + REQUEST + "}");

        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
        List<SseParser.Event> events = SseParser.parse(response.body());
        List<String> names = events.stream().map(SseParser.Event::name).toList();
        int words = text.split(" ").length;
        assertThat(names.subList(0, 3)).containsExactly("message_start", "content_block_start", "ping");
        assertThat(names.subList(3, 3 + words)).containsOnly("content_block_delta");
        assertThat(names.subList(3 + words, names.size()))
                .containsExactly("content_block_stop", "message_delta", "message_stop");
        StringBuilder streamed = new StringBuilder();
        for (SseParser.Event event : events) {
            JsonNode data = TestHttp.json(event.data());
            assertThat(data.path("type").asText()).isEqualTo(event.name());
            if (event.name().equals("content_block_delta")) {
                assertThat(data.path("delta").path("type").asText()).isEqualTo("text_delta");
                streamed.append(data.path("delta").path("text").asText());
            }
        }
        assertThat(streamed.toString()).isEqualTo(text);
        JsonNode start = TestHttp.json(events.getFirst().data()).path("message");
        assertThat(start.path("stop_reason").isNull()).isTrue();
        assertThat(start.path("content")).isEmpty();
        assertThat(start.path("usage").path("input_tokens").asInt()).isEqualTo(11);
        JsonNode delta = TestHttp.json(events.get(events.size() - 2).data());
        assertThat(delta.path("delta").path("stop_reason").asText()).isEqualTo("end_turn");
        assertThat(delta.path("usage").path("output_tokens").asInt()).isEqualTo(words);
        assertThat(response.body()).doesNotContain("[DONE]");
    }

    @Test
    void missingMaxTokens_isInvalidRequest() {
        HttpResponse<String> response = http.post(PATH, "{" + REQUEST + "}");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = TestHttp.json(response.body());
        assertThat(body.path("type").asText()).isEqualTo("error");
        assertThat(body.path("error").path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(body.path("error").path("message").asText()).contains("max_tokens");
        assertThat(body.path("request_id").asText()).startsWith("req_");
    }

    @Test
    void unknownMessagesPath_isAnthropicNotFound() {
        HttpResponse<String> response = http.post(PATH + "/batches", "{}");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(TestHttp.json(response.body()).path("error").path("type").asText()).isEqualTo("not_found_error");
    }
}
