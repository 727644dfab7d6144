package io.sluice.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ChatCompletionsTest {

    private static final String PATH = "/v1/chat/completions";
    private static final String MESSAGES = "\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
            + "{\"role\":\"user\",\"content\":\"Count to five please\"}]";

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
    void nonStream_hasAllRequiredFields() {
        HttpResponse<String> response = http.post(PATH, "{\"model\":\"fu-model\"," + MESSAGES + "}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(response.headers().firstValue("x-request-id")).isPresent();
        JsonNode body = TestHttp.json(response.body());
        assertThat(body.path("id").asText()).startsWith("chatcmpl-");
        assertThat(body.path("object").asText()).isEqualTo("chat.completion");
        assertThat(body.path("created").isIntegralNumber()).isTrue();
        assertThat(body.path("model").asText()).isEqualTo("fu-model");
        assertThat(body.path("system_fingerprint").isTextual()).isTrue();
        JsonNode choice = body.path("choices").get(0);
        assertThat(body.path("choices")).hasSize(1);
        assertThat(choice.path("index").asInt()).isZero();
        assertThat(choice.path("message").path("role").asText()).isEqualTo("assistant");
        assertThat(choice.path("message").path("content").asText()).isNotBlank();
        assertThat(choice.path("message").has("refusal")).isTrue();
        assertThat(choice.path("message").path("refusal").isNull()).isTrue();
        assertThat(choice.has("logprobs")).isTrue();
        assertThat(choice.path("logprobs").isNull()).isTrue();
        assertThat(choice.path("finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void nonStream_usageCountsWords() {
        JsonNode body = postJson("{\"model\":\"fu-model\"," + MESSAGES + "}");

        String content = body.path("choices").get(0).path("message").path("content").asText();
        JsonNode usage = body.path("usage");
        // 2 + 4 words, plus 3 per message, plus 3.
        assertThat(usage.path("prompt_tokens").asInt()).isEqualTo(15);
        assertThat(usage.path("completion_tokens").asInt()).isEqualTo(content.split(" ").length);
        assertThat(usage.path("total_tokens").asInt())
                .isEqualTo(usage.path("prompt_tokens").asInt() + usage.path("completion_tokens").asInt());
    }

    @Test
    void sameRequest_sameContent() {
        String request = "{\"model\":\"fu-model\"," + MESSAGES + "}";

        String first = content(postJson(request), 0);
        String second = content(postJson(request), 0);
        String other = content(postJson(
                "{\"model\":\"fu-model\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"), 0);

        assertThat(second).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void maxTokens_capsWordsAndFinishesWithLength() {
        String full = content(postJson("{\"model\":\"fu-model\"," + MESSAGES + "}"), 0);

        JsonNode capped = postJson("{\"model\":\"fu-model\",\"max_tokens\":3," + MESSAGES + "}");
        JsonNode cappedNew = postJson("{\"model\":\"fu-model\",\"max_completion_tokens\":2," + MESSAGES + "}");

        assertThat(content(capped, 0).split(" ")).hasSize(3);
        assertThat(full).startsWith(content(capped, 0));
        assertThat(capped.path("choices").get(0).path("finish_reason").asText()).isEqualTo("length");
        assertThat(capped.path("usage").path("completion_tokens").asInt()).isEqualTo(3);
        assertThat(content(cappedNew, 0).split(" ")).hasSize(2);
    }

    @Test
    void nChoices_haveIndicesAndDistinctContent() {
        JsonNode body = postJson("{\"model\":\"fu-model\",\"n\":3," + MESSAGES + "}");

        JsonNode choices = body.path("choices");
        assertThat(choices).hasSize(3);
        Set<String> contents = new HashSet<>();
        int words = 0;
        for (int i = 0; i < 3; i++) {
            assertThat(choices.get(i).path("index").asInt()).isEqualTo(i);
            contents.add(content(body, i));
            words += content(body, i).split(" ").length;
        }
        assertThat(contents).hasSize(3);
        assertThat(body.path("usage").path("completion_tokens").asInt()).isEqualTo(words);
    }

    @Test
    void stream_framingMatchesOpenAi() {
        HttpResponse<String> response = http.post(PATH, "{\"model\":\"fu-model\",\"stream\":true," + MESSAGES + "}");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
        assertThat(response.headers().firstValue("content-length")).isEmpty();
        List<SseParser.Event> events = SseParser.parse(response.body());
        assertThat(events).allSatisfy(event -> assertThat(event.name()).isEmpty());
        assertThat(events.getLast().data()).isEqualTo("[DONE]");
        assertThat(events.stream().filter(event -> event.data().equals("[DONE]"))).hasSize(1);
        List<JsonNode> chunks = chunks(events);
        assertThat(chunks.getFirst().path("choices").get(0).path("delta").path("role").asText())
                .isEqualTo("assistant");
        assertThat(chunks.getFirst().path("choices").get(0).path("delta").path("content").asText()).isEmpty();
        JsonNode last = chunks.getLast().path("choices").get(0);
        assertThat(last.path("delta").isEmpty()).isTrue();
        assertThat(last.path("finish_reason").asText()).isEqualTo("stop");
        for (JsonNode chunk : chunks) {
            assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.path("id").asText()).isEqualTo(chunks.getFirst().path("id").asText());
            assertThat(chunk.path("created").asLong()).isEqualTo(chunks.getFirst().path("created").asLong());
            assertThat(chunk.path("model").asText()).isEqualTo("fu-model");
            assertThat(chunk.has("usage")).isFalse();
        }
    }

    @Test
    void stream_deltasConcatenateToNonStreamContent() {
        String expected = content(postJson("{\"model\":\"fu-model\"," + MESSAGES + "}"), 0);

        HttpResponse<String> response = http.post(PATH,
                "{\"model\":\"fu-model\",\"stream\":true," + MESSAGES + "}");

        List<JsonNode> chunks = chunks(SseParser.parse(response.body()));
        StringBuilder streamed = new StringBuilder();
        long contentChunks = 0;
        for (JsonNode chunk : chunks.subList(1, chunks.size())) {
            JsonNode delta = chunk.path("choices").get(0).path("delta");
            if (delta.has("content")) {
                streamed.append(delta.path("content").asText());
                contentChunks++;
            }
        }
        assertThat(streamed.toString()).isEqualTo(expected);
        assertThat(contentChunks).isEqualTo(expected.split(" ").length);
    }

    @Test
    void streamIncludeUsage_addsUsageChunkBeforeDone() {
        HttpResponse<String> response = http.post(PATH, "{\"model\":\"fu-model\",\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true},\"max_tokens\":4," + MESSAGES + "}");

        List<SseParser.Event> events = SseParser.parse(response.body());
        JsonNode usageChunk = TestHttp.json(events.get(events.size() - 2).data());
        assertThat(usageChunk.path("choices").isArray()).isTrue();
        assertThat(usageChunk.path("choices")).isEmpty();
        assertThat(usageChunk.path("usage").path("prompt_tokens").asInt()).isEqualTo(15);
        assertThat(usageChunk.path("usage").path("completion_tokens").asInt()).isEqualTo(4);
        assertThat(usageChunk.path("usage").path("total_tokens").asInt()).isEqualTo(19);
        JsonNode finish = TestHttp.json(events.get(events.size() - 3).data());
        assertThat(finish.path("choices").get(0).path("finish_reason").asText()).isEqualTo("length");
    }

    @Test
    void streamWithN_chunksPerChoice() {
        JsonNode nonStream = postJson("{\"model\":\"fu-model\",\"n\":2," + MESSAGES + "}");

        HttpResponse<String> response = http.post(PATH, "{\"model\":\"fu-model\",\"n\":2,\"stream\":true,"
                + MESSAGES + "}");

        Map<Integer, StringBuilder> contents = new HashMap<>();
        Map<Integer, Integer> roles = new HashMap<>();
        Map<Integer, String> finishes = new HashMap<>();
        for (JsonNode chunk : chunks(SseParser.parse(response.body()))) {
            JsonNode choice = chunk.path("choices").get(0);
            int index = choice.path("index").asInt();
            if (choice.path("delta").has("role")) {
                roles.merge(index, 1, Integer::sum);
            } else if (choice.path("delta").has("content")) {
                contents.computeIfAbsent(index, key -> new StringBuilder())
                        .append(choice.path("delta").path("content").asText());
            }
            if (!choice.path("finish_reason").isNull()) {
                finishes.put(index, choice.path("finish_reason").asText());
            }
        }
        assertThat(roles).containsOnly(Map.entry(0, 1), Map.entry(1, 1));
        assertThat(finishes).containsOnly(Map.entry(0, "stop"), Map.entry(1, "stop"));
        assertThat(contents.get(0).toString()).isEqualTo(content(nonStream, 0));
        assertThat(contents.get(1).toString()).isEqualTo(content(nonStream, 1));
    }

    @Test
    void missingModel_isRejectedWithParam() {
        HttpResponse<String> response = http.post(PATH, "{" + MESSAGES + "}");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = TestHttp.json(response.body()).path("error");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("param").asText()).isEqualTo("model");
        assertThat(error.has("code")).isTrue();
        assertThat(error.path("message").asText()).contains("model");
    }

    @Test
    void invalidFields_areRejectedWithParam() {
        assertThat(errorParam("{\"model\":\"m\",\"messages\":[]}")).isEqualTo("messages");
        assertThat(errorParam("{\"model\":\"m\",\"n\":0," + MESSAGES + "}")).isEqualTo("n");
        assertThat(errorParam("{\"model\":\"m\",\"max_tokens\":-1," + MESSAGES + "}")).isEqualTo("max_tokens");
        assertThat(errorParam("{\"model\":\"m\",\"stream\":\"yes\"," + MESSAGES + "}")).isEqualTo("stream");
    }

    @Test
    void malformedJson_isRejected() {
        HttpResponse<String> response = http.post(PATH, "{\"model\":");

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode error = TestHttp.json(response.body()).path("error");
        assertThat(error.path("message").asText()).startsWith("Invalid JSON body");
        assertThat(error.path("param").isNull()).isTrue();
    }

    private static String errorParam(String request) {
        HttpResponse<String> response = http.post(PATH, request);
        assertThat(response.statusCode()).isEqualTo(400);
        return TestHttp.json(response.body()).path("error").path("param").asText();
    }

    private static JsonNode postJson(String request) {
        HttpResponse<String> response = http.post(PATH, request);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestHttp.json(response.body());
    }

    private static String content(JsonNode body, int choice) {
        return body.path("choices").get(choice).path("message").path("content").asText();
    }

    private static List<JsonNode> chunks(List<SseParser.Event> events) {
        return events.subList(0, events.size() - 1).stream().map(event -> TestHttp.json(event.data())).toList();
    }
}
