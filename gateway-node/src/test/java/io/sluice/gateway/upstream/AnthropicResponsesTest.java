package io.sluice.gateway.upstream;

import static io.sluice.gateway.upstream.AnthropicFixtures.CREATED;
import static io.sluice.gateway.upstream.AnthropicFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.gateway.api.ErrorKind;
import io.sluice.gateway.api.GatewayException;
import io.sluice.gateway.api.Json;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnthropicResponsesTest {

    /** Translates a message and reads the result back from its JSON bytes, as a client would see it. */
    private static JsonNode completion(String messageJson) {
        return parse(Json.bytes(AnthropicResponses.completion(parse(messageJson), "fallback-model", CREATED)));
    }

    private static String message(String contentJson, String stopReason) {
        return "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-x\",\"content\":"
                + contentJson + ",\"stop_reason\":\"" + stopReason + "\",\"stop_sequence\":null,"
                + "\"usage\":{\"input_tokens\":20,\"output_tokens\":15}}";
    }

    @Test
    void completion_toolUse_becomesToolCalls() {
        JsonNode completion = completion(message("[{\"type\":\"text\",\"text\":\"Let me check.\"},"
                + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"get_time\",\"input\":{\"tz\":\"UTC\"}}]",
                "tool_use"));

        JsonNode choice = completion.path("choices").get(0);
        JsonNode message = choice.path("message");
        assertThat(choice.path("finish_reason").asText()).isEqualTo("tool_calls");
        assertThat(message.path("content").asText()).isEqualTo("Let me check.");
        JsonNode call = message.path("tool_calls").get(0);
        assertThat(call.path("id").asText()).isEqualTo("toolu_1");
        assertThat(call.path("type").asText()).isEqualTo("function");
        assertThat(call.path("function").path("name").asText()).isEqualTo("get_time");
        assertThat(parse(call.path("function").path("arguments").asText())).isEqualTo(parse("{\"tz\":\"UTC\"}"));
        assertThat(message.path("tool_calls")).hasSize(1);
    }

    @Test
    void completion_envelopeAndUsage() {
        JsonNode completion = completion(message("[{\"type\":\"text\",\"text\":\"Hi\"}]", "end_turn"));

        assertThat(completion.path("id").asText()).isEqualTo("msg_1");
        assertThat(completion.path("object").asText()).isEqualTo("chat.completion");
        assertThat(completion.path("created").asLong()).isEqualTo(CREATED);
        assertThat(completion.path("model").asText()).isEqualTo("claude-x");
        JsonNode choice = completion.path("choices").get(0);
        assertThat(choice.path("index").asInt()).isZero();
        assertThat(choice.has("logprobs")).isTrue();
        assertThat(choice.get("logprobs").isNull()).isTrue();
        assertThat(choice.path("message")).isEqualTo(parse(
                "{\"role\":\"assistant\",\"content\":\"Hi\",\"refusal\":null}"));
        assertThat(completion.path("usage")).isEqualTo(parse("{\"prompt_tokens\":20,\"completion_tokens\":15,"
                + "\"total_tokens\":35,\"prompt_tokens_details\":{\"cached_tokens\":0}}"));
    }

    @ParameterizedTest
    @CsvSource({
        "end_turn, stop",
        "stop_sequence, stop",
        "max_tokens, length",
        "tool_use, tool_calls",
        "refusal, content_filter",
        "pause_turn, stop",
        "model_context_window_exceeded, length",
    })
    void completion_stopReason_mapped(String stopReason, String finishReason) {
        JsonNode completion = completion(message("[{\"type\":\"text\",\"text\":\"x\"}]", stopReason));

        assertThat(completion.path("choices").get(0).path("finish_reason").asText()).isEqualTo(finishReason);
    }

    @Test
    void completion_onlyToolUse_contentNull() {
        JsonNode completion = completion(message("[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"now\","
                + "\"input\":{}}]", "tool_use"));

        JsonNode message = completion.path("choices").get(0).path("message");
        assertThat(message.get("content").isNull()).isTrue();
        assertThat(message.path("tool_calls").get(0).path("function").path("arguments").asText()).isEqualTo("{}");
    }

    @Test
    void completion_textBlocksJoinedAndThinkingKept() {
        JsonNode completion = completion(message("[{\"type\":\"thinking\",\"thinking\":\"Let me think.\","
                + "\"signature\":\"sig\"},{\"type\":\"text\",\"text\":\"Para\"},"
                + "{\"type\":\"text\",\"text\":\"graph\"}]", "end_turn"));

        JsonNode message = completion.path("choices").get(0).path("message");
        assertThat(message.path("content").asText()).isEqualTo("Paragraph");
        assertThat(message.path("reasoning_content").asText()).isEqualTo("Let me think.");
    }

    @Test
    void completion_cacheTokens_countedInPrompt() {
        JsonNode completion = completion("{\"id\":\"msg_2\",\"type\":\"message\",\"role\":\"assistant\","
                + "\"content\":[],\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":10,"
                + "\"cache_creation_input_tokens\":100,\"cache_read_input_tokens\":1000,\"output_tokens\":3}}");

        assertThat(completion.path("usage")).isEqualTo(parse("{\"prompt_tokens\":1110,\"completion_tokens\":3,"
                + "\"total_tokens\":1113,\"prompt_tokens_details\":{\"cached_tokens\":1000}}"));
        assertThat(completion.path("model").asText()).isEqualTo("fallback-model");
    }

    @Test
    void completion_notAMessage_badResponse() {
        assertThatThrownBy(() -> completion("{\"type\":\"error\"}"))
                .isInstanceOfSatisfying(GatewayException.class,
                        exception -> assertThat(exception.kind()).isEqualTo(ErrorKind.UPSTREAM_BAD_RESPONSE));
    }

    @Test
    void error_anthropicBody_keepsTypeAndMessage() {
        byte[] body = ("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"Slow down\"},"
                + "\"request_id\":\"req_1\"}").getBytes(StandardCharsets.UTF_8);

        ObjectNode error = AnthropicResponses.error(429, body);

        assertThat(error).isEqualTo(parse("{\"error\":{\"message\":\"Slow down\",\"type\":\"rate_limit_error\","
                + "\"param\":null,\"code\":null}}"));
    }

    @Test
    void error_promptTooLong_contextLengthCode() {
        byte[] body = ("{\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\","
                + "\"message\":\"prompt is too long: 208656 tokens > 200000 maximum\"}}")
                .getBytes(StandardCharsets.UTF_8);

        ObjectNode error = AnthropicResponses.error(400, body);

        assertThat(error.path("error").path("code").asText()).isEqualTo("context_length_exceeded");
        assertThat(error.path("error").path("type").asText()).isEqualTo("invalid_request_error");
    }

    @Test
    void error_notJson_namesStatus() {
        ObjectNode error = AnthropicResponses.error(502, "<html>Bad gateway</html>".getBytes(StandardCharsets.UTF_8));

        assertThat(error).isEqualTo(parse("{\"error\":{\"message\":\"The upstream returned HTTP 502.\","
                + "\"type\":\"server_error\",\"param\":null,\"code\":null}}"));
    }

    @Test
    void clientStatus_overloadedBecomes503() {
        assertThat(AnthropicResponses.clientStatus(529)).isEqualTo(503);
        assertThat(AnthropicResponses.clientStatus(429)).isEqualTo(429);
        assertThat(AnthropicResponses.clientStatus(400)).isEqualTo(400);
        assertThat(AnthropicResponses.clientStatus(500)).isEqualTo(500);
    }
}
