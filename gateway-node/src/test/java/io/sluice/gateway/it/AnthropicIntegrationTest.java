package io.sluice.gateway.it;

import static io.sluice.gateway.it.CacheIntegrationTest.nonce;
import static io.sluice.gateway.it.Scripts.script;
import static io.sluice.gateway.it.TestGateway.KA;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.gateway.api.Json;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** OpenAI clients served by an Anthropic upstream through a running node. */
class AnthropicIntegrationTest {

    private static AccessLogCapture accessLog;

    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start();
        accessLog = AccessLogCapture.attach();
    }

    @AfterAll
    static void stop() {
        accessLog.close();
        gateway.close();
    }

    @Test
    void translatedStream_endsWithExactlyOneDone() {
        String nonce = nonce();
        script(gateway.fuD, "nonce=" + nonce, stream(
                named("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
                        + "\"role\":\"assistant\",\"content\":[],\"model\":\"claude-test\",\"stop_reason\":null,"
                        + "\"usage\":{\"input_tokens\":3,\"output_tokens\":0}}}"),
                named("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                        + "{\"type\":\"text\",\"text\":\"\"}}"),
                named("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                        + "{\"type\":\"text_delta\",\"text\":\"hello\"}}"),
                named("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
                named("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
                        + "\"usage\":{\"output_tokens\":1}}"),
                named("message_stop", "{\"type\":\"message_stop\"}")));

        HttpResponse<String> response = gateway.post("/v1/chat/completions", KA, "{\"model\":\"m-claude\","
                + "\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi nonce=" + nonce + "\"}]}");

        StreamingIntegrationTest.assertFramedWithOneDone(response.body());
        assertThat(Sse.joined(Sse.chunks(response.body()), "content")).isEqualTo("hello");
    }

    @Test
    void parallelToolCalls_getTheirOwnIndices() {
        String nonce = nonce();
        String request = "{\"model\":\"m-claude\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":"
                + "\"Weather in Paris and Tokyo? nonce=" + nonce + "\"}],\"tools\":[{\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"parameters\":{\"type\":\"object\",\"properties\":"
                + "{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}}}]}";
        ObjectNode toolStream = stream(
                named("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_2\",\"type\":\"message\","
                        + "\"role\":\"assistant\",\"content\":[],\"model\":\"claude-test\",\"stop_reason\":null,"
                        + "\"usage\":{\"input_tokens\":30,\"output_tokens\":0}}}"),
                named("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                        + "{\"type\":\"text\",\"text\":\"\"}}"),
                named("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                        + "{\"type\":\"text_delta\",\"text\":\"Checking.\"}}"),
                named("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
                named("content_block_start", "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":"
                        + "{\"type\":\"tool_use\",\"id\":\"toolu_A\",\"name\":\"get_weather\",\"input\":{}}}"),
                named("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":"
                        + "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"ci\"}}"),
                named("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":"
                        + "{\"type\":\"input_json_delta\",\"partial_json\":\"ty\\\":\\\"Paris\\\"}\"}}"),
                named("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}"),
                named("content_block_start", "{\"type\":\"content_block_start\",\"index\":2,\"content_block\":"
                        + "{\"type\":\"tool_use\",\"id\":\"toolu_B\",\"name\":\"get_weather\",\"input\":{}}}"),
                named("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":2,\"delta\":"
                        + "{\"type\":\"input_json_delta\",\"partial_json\":\"{\\\"city\\\":\"}}"),
                named("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":2,\"delta\":"
                        + "{\"type\":\"input_json_delta\",\"partial_json\":\"\\\"Tokyo\\\"}\"}}"),
                named("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":2}"),
                named("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},"
                        + "\"usage\":{\"output_tokens\":40}}"),
                named("message_stop", "{\"type\":\"message_stop\"}"));
        script(gateway.fuD, "nonce=" + nonce, toolStream, Scripts.json(200, "{\"id\":\"msg_3\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"model\":\"claude-test\",\"content\":[{\"type\":\"text\",\"text\":"
                + "\"Checking.\"},{\"type\":\"tool_use\",\"id\":\"toolu_A\",\"name\":\"get_weather\",\"input\":"
                + "{\"city\":\"Paris\"}},{\"type\":\"tool_use\",\"id\":\"toolu_B\",\"name\":\"get_weather\","
                + "\"input\":{\"city\":\"Tokyo\"}}],\"stop_reason\":\"tool_use\",\"stop_sequence\":null,"
                + "\"usage\":{\"input_tokens\":30,\"output_tokens\":40}}"));

        HttpResponse<String> streamed = gateway.post("/v1/chat/completions", KA, request);
        HttpResponse<String> whole = gateway.post("/v1/chat/completions", KA,
                request.replace("\"stream\":true", "\"stream\":false"));

        List<JsonNode> chunks = Sse.chunks(streamed.body());
        List<String> ids = new ArrayList<>();
        StringBuilder[] arguments = {new StringBuilder(), new StringBuilder()};
        String finish = null;
        for (JsonNode chunk : chunks) {
            JsonNode choice = chunk.path("choices").path(0);
            for (JsonNode call : choice.path("delta").path("tool_calls")) {
                int index = call.path("index").asInt();
                assertThat(index).isIn(0, 1);
                if (call.has("id")) {
                    ids.add(call.get("id").asText());
                    assertThat(call.path("function").path("name").asText()).isEqualTo("get_weather");
                }
                arguments[index].append(call.path("function").path("arguments").asText(""));
            }
            finish = choice.path("finish_reason").isTextual() ? choice.get("finish_reason").asText() : finish;
        }
        assertThat(ids).containsExactly("toolu_A", "toolu_B");
        assertThat(Sse.json(arguments[0].toString()).path("city").asText()).isEqualTo("Paris");
        assertThat(Sse.json(arguments[1].toString()).path("city").asText()).isEqualTo("Tokyo");
        assertThat(Sse.joined(chunks, "content")).isEqualTo("Checking.");
        assertThat(finish).isEqualTo("tool_calls");
        JsonNode message = Sse.json(whole.body()).at("/choices/0/message");
        assertThat(message.path("tool_calls")).hasSize(2);
        assertThat(message.at("/tool_calls/1/id").asText()).isEqualTo("toolu_B");
        assertThat(Sse.json(message.at("/tool_calls/0/function/arguments").asText()).path("city").asText())
                .isEqualTo("Paris");
    }

    @Test
    void stopReasons_mapToOpenAiFinishReasons() {
        String[][] cases = {{"tool_use", "tool_calls"}, {"max_tokens", "length"}, {"stop_sequence", "stop"},
            {"end_turn", "stop"}};
        for (String[] mapping : cases) {
            String nonce = nonce();
            script(gateway.fuD, "nonce=" + nonce, Scripts.json(200, "{\"id\":\"msg_4\",\"type\":\"message\","
                    + "\"role\":\"assistant\",\"model\":\"claude-test\",\"content\":[{\"type\":\"text\",\"text\":"
                    + "\"x\"}],\"stop_reason\":\"" + mapping[0] + "\",\"stop_sequence\":null,\"usage\":"
                    + "{\"input_tokens\":20,\"output_tokens\":15}}"));

            HttpResponse<String> response = gateway.post("/v1/chat/completions", KA, "{\"model\":\"m-claude\","
                    + "\"max_tokens\":5,\"stop\":[\"END\"],\"messages\":[{\"role\":\"user\",\"content\":\"x nonce="
                    + nonce + "\"}]}");

            JsonNode completion = Sse.json(response.body());
            assertThat(completion.at("/choices/0/finish_reason").asText()).as(mapping[0]).isEqualTo(mapping[1]);
            assertThat(completion.at("/usage/prompt_tokens").asInt()).isEqualTo(20);
            assertThat(completion.at("/usage/completion_tokens").asInt()).isEqualTo(15);
            assertThat(completion.at("/usage/total_tokens").asInt()).isEqualTo(35);
            JsonNode upstream = gateway.fuD.requests("nonce=" + nonce).get(0).bodyJson();
            assertThat(upstream.path("max_tokens").asInt()).isEqualTo(5);
            assertThat(upstream.path("stop_sequences").isArray()).isTrue();
            assertThat(upstream.path("stop_sequences").get(0).asText()).isEqualTo("END");
        }
    }

    @Test
    void cumulativeStreamUsage_isCountedOnce() throws InterruptedException {
        String[] starts = {"{\"input_tokens\":0,\"output_tokens\":0}",
            "{\"input_tokens\":4522,\"cache_creation_input_tokens\":4511,\"output_tokens\":0}"};
        for (String startUsage : starts) {
            String nonce = nonce();
            script(gateway.fuD, "nonce=" + nonce, stream(
                    named("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_5\",\"type\":"
                            + "\"message\",\"role\":\"assistant\",\"content\":[],\"model\":\"claude-test\","
                            + "\"stop_reason\":null,\"usage\":" + startUsage + "}}"),
                    named("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":"
                            + "{\"type\":\"text\",\"text\":\"\"}}"),
                    named("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                            + "{\"type\":\"text_delta\",\"text\":\"o\"}}"),
                    named("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                            + "{\"type\":\"text_delta\",\"text\":\"k\"}}"),
                    named("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"),
                    named("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
                            + "\"usage\":{\"input_tokens\":4522,\"cache_creation_input_tokens\":4511,"
                            + "\"output_tokens\":5}}"),
                    named("message_stop", "{\"type\":\"message_stop\"}")));

            HttpResponse<String> response = gateway.post("/v1/chat/completions", KA, "{\"model\":\"m-claude\","
                    + "\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\","
                    + "\"content\":\"x nonce=" + nonce + "\"}]}");

            List<JsonNode> chunks = Sse.chunks(response.body());
            JsonNode usage = chunks.get(chunks.size() - 1).path("usage");
            assertThat(usage.path("prompt_tokens").asInt()).isEqualTo(9033);
            assertThat(usage.path("completion_tokens").asInt()).isEqualTo(5);
            assertThat(usage.path("total_tokens").asInt()).isEqualTo(9038);
            String requestId = response.headers().firstValue("x-request-id").orElseThrow();
            JsonNode line = accessLog.lineOf(requestId);
            assertThat(line.path("prompt_tokens").asInt()).isEqualTo(9033);
            assertThat(line.path("completion_tokens").asInt()).isEqualTo(5);
        }
    }

    @Test
    void systemMessages_allReachTheUpstream() {
        String nonce = nonce();

        gateway.post("/v1/chat/completions", KA, "{\"model\":\"m-claude\",\"messages\":["
                + "{\"role\":\"system\",\"content\":\"S1\"},{\"role\":\"user\",\"content\":\"u1 nonce=" + nonce + "\"},"
                + "{\"role\":\"assistant\",\"content\":\"a1\"},{\"role\":\"system\",\"content\":\"S2\"},"
                + "{\"role\":\"user\",\"content\":\"u2\"}]}");

        JsonNode upstream = gateway.fuD.requests("nonce=" + nonce).get(0).bodyJson();
        String system = Json.string(upstream.path("system"));
        assertThat(system).contains("S1").contains("S2");
        for (JsonNode message : upstream.path("messages")) {
            assertThat(message.path("role").asText()).isNotEqualTo("system");
        }
    }

    private static ObjectNode named(String event, String data) {
        ObjectNode node = Json.object();
        node.put("event", event);
        node.set("data", Sse.json(data));
        return node;
    }

    private static ObjectNode stream(ObjectNode... events) {
        ObjectNode response = Json.object();
        ArrayNode array = response.putArray("events");
        for (ObjectNode event : events) {
            array.add(event);
        }
        response.put("end", "normal");
        return response;
    }
}
