package io.sluice.gateway.upstream;

import static io.sluice.gateway.upstream.AnthropicFixtures.chat;
import static io.sluice.gateway.upstream.AnthropicFixtures.parse;
import static io.sluice.gateway.upstream.AnthropicFixtures.provider;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.gateway.api.Endpoint;
import io.sluice.gateway.api.ErrorKind;
import io.sluice.gateway.api.GatewayException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnthropicRequestsTest {

    private static ObjectNode translate(String json) {
        return AnthropicRequests.body(chat(json), provider());
    }

    private static List<String> texts(JsonNode blocks) {
        List<String> texts = new ArrayList<>();
        blocks.forEach(block -> texts.add(block.path("text").asText()));
        return texts;
    }

    private static List<String> roles(JsonNode messages) {
        List<String> roles = new ArrayList<>();
        messages.forEach(message -> roles.add(message.path("role").asText()));
        return roles;
    }

    private static GatewayException rejection(String json) {
        Throwable thrown = catchThrowable(() -> translate(json));
        assertThat(thrown).isInstanceOf(GatewayException.class);
        GatewayException exception = (GatewayException) thrown;
        assertThat(exception.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
        return exception;
    }

    @Test
    void plainChat_upstreamModelAndDefaults() {
        ObjectNode body = translate("{\"model\":\"m-claude\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");

        assertThat(body.path("model").asText()).isEqualTo(AnthropicFixtures.UPSTREAM_MODEL);
        assertThat(body.path("max_tokens").asInt()).isEqualTo(AnthropicFixtures.DEFAULT_MAX_TOKENS);
        assertThat(body.has("system")).isFalse();
        assertThat(body.has("stream")).isFalse();
        assertThat(body.path("messages")).isEqualTo(parse(
                "[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"hi\"}]}]"));
    }

    @Test
    void system_midConversation_movedToTopLevel() {
        ObjectNode body = translate("{\"model\":\"m-claude\",\"messages\":["
                + "{\"role\":\"system\",\"content\":\"S1\"},"
                + "{\"role\":\"user\",\"content\":\"u1\"},"
                + "{\"role\":\"assistant\",\"content\":\"a1\"},"
                + "{\"role\":\"system\",\"content\":\"S2\"},"
                + "{\"role\":\"user\",\"content\":\"u2\"}]}");

        assertThat(texts(body.path("system"))).containsExactly("S1", "S2");
        assertThat(roles(body.path("messages"))).containsExactly("user", "assistant", "user");
        assertThat(body.path("messages").toString()).doesNotContain("S1").doesNotContain("S2");
    }

    @Test
    void system_developerAndTextParts_joinSystemBlocks() {
        ObjectNode body = translate("{\"model\":\"m-claude\",\"messages\":["
                + "{\"role\":\"developer\",\"content\":[{\"type\":\"text\",\"text\":\"D1\"},"
                + "{\"type\":\"text\",\"text\":\"D2\"}]},"
                + "{\"role\":\"user\",\"content\":\"u1\"}]}");

        assertThat(texts(body.path("system"))).containsExactly("D1", "D2");
        assertThat(roles(body.path("messages"))).containsExactly("user");
    }

    @Test
    void messages_consecutiveSameRole_merged() {
        ObjectNode body = translate("{\"model\":\"m-claude\",\"messages\":["
                + "{\"role\":\"user\",\"content\":\"first\"},"
                + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"second\"}]},"
                + "{\"role\":\"assistant\",\"content\":\"reply\"},"
                + "{\"role\":\"assistant\",\"content\":\"more\"}]}");

        JsonNode messages = body.path("messages");
        assertThat(roles(messages)).containsExactly("user", "assistant");
        assertThat(texts(messages.get(0).path("content"))).containsExactly("first", "second");
        assertThat(texts(messages.get(1).path("content"))).containsExactly("reply", "more");
    }

    @Test
    void messages_emptyText_dropped() {
        ObjectNode body = translate("{\"model\":\"m-claude\",\"messages\":["
                + "{\"role\":\"user\",\"content\":\"hi\"},"
                + "{\"role\":\"assistant\",\"content\":\"\"},"
                + "{\"role\":\"user\",\"content\":\"again\"}]}");

        assertThat(roles(body.path("messages"))).containsExactly("user");
        assertThat(texts(body.path("messages").get(0).path("content"))).containsExactly("hi", "again");
    }

    @Test
    void toolRoundTrip_toolUseAndResult() {
        ObjectNode body = translate("{\"model\":\"m-claude\",\"messages\":["
                + "{\"role\":\"user\",\"content\":\"Weather in Paris?\"},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"toolu_1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\\\"Paris\\\"}\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"toolu_1\",\"content\":\"18C, sunny\"},"
                + "{\"role\":\"user\",\"content\":\"Thanks\"}]}");

        JsonNode messages = body.path("messages");
        assertThat(roles(messages)).containsExactly("user", "assistant", "user");
        assertThat(messages.get(1).path("content")).isEqualTo(parse("[{\"type\":\"tool_use\",\"id\":\"toolu_1\","
                + "\"name\":\"get_weather\",\"input\":{\"city\":\"Paris\"}}]"));
        assertThat(messages.get(2).path("content")).isEqualTo(parse("[{\"type\":\"tool_result\","
                + "\"tool_use_id\":\"toolu_1\",\"content\":\"18C, sunny\"},{\"type\":\"text\",\"text\":\"Thanks\"}]"));
    }

    @Test
    void toolRoundTrip_parallelResults_oneUserTurn() {
        ObjectNode body = translate("{\"model\":\"m-claude\",\"messages\":["
                + "{\"role\":\"user\",\"content\":\"Paris and Tokyo?\"},"
                + "{\"role\":\"assistant\",\"content\":\"Checking.\",\"tool_calls\":["
                + "{\"id\":\"toolu_A\",\"type\":\"function\",\"function\":{\"name\":\"w\",\"arguments\":\"{}\"}},"
                + "{\"id\":\"toolu_B\",\"type\":\"function\",\"function\":{\"name\":\"w\",\"arguments\":\"\"}}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"toolu_A\",\"content\":[{\"type\":\"text\",\"text\":\"r1\"}]},"
                + "{\"role\":\"tool\",\"tool_call_id\":\"toolu_B\",\"content\":\"r2\"}]}");

        JsonNode messages = body.path("messages");
        assertThat(roles(messages)).containsExactly("user", "assistant", "user");
        JsonNode assistant = messages.get(1).path("content");
        assertThat(assistant.get(0)).isEqualTo(parse("{\"type\":\"text\",\"text\":\"Checking.\"}"));
        assertThat(assistant.get(2).path("input")).isEqualTo(parse("{}"));
        JsonNode results = messages.get(2).path("content");
        assertThat(results).hasSize(2);
        assertThat(results.get(0).path("tool_use_id").asText()).isEqualTo("toolu_A");
        assertThat(results.get(0).path("content")).isEqualTo(parse("[{\"type\":\"text\",\"text\":\"r1\"}]"));
        assertThat(results.get(1).path("tool_use_id").asText()).isEqualTo("toolu_B");
    }

    @Test
    void toolCall_invalidArguments_rejectedNamingParam() {
        GatewayException exception = rejection("{\"model\":\"m-claude\",\"messages\":["
                + "{\"role\":\"user\",\"content\":\"x\"},"
                + "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"toolu_1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"f\",\"arguments\":\"{not json\"}}]}]}");

        assertThat(exception.param()).isEqualTo("messages[1].tool_calls[0].function.arguments");
    }

    @Test
    void toolCall_argumentsNotAnObject_rejected() {
        GatewayException exception = rejection("{\"model\":\"m-claude\",\"messages\":["
                + "{\"role\":\"user\",\"content\":\"x\"},"
                + "{\"role\":\"assistant\",\"tool_calls\":[{\"id\":\"toolu_1\",\"type\":\"function\","
                + "\"function\":{\"name\":\"f\",\"arguments\":\"[1,2]\"}}]}]}");

        assertThat(exception.param()).isEqualTo("messages[1].tool_calls[0].function.arguments");
    }

    @Test
    void toolMessage_missingToolCallId_rejected() {
        GatewayException exception = rejection("{\"model\":\"m-claude\",\"messages\":["
                + "{\"role\":\"tool\",\"content\":\"r\"}]}");

        assertThat(exception.param()).isEqualTo("messages[0].tool_call_id");
    }

    @Test
    void tools_translatedWithInputSchema() {
        ObjectNode body = translate("{\"model\":\"m-claude\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"description\":\"d\","
                + "\"parameters\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}}},"
                + "{\"type\":\"function\",\"function\":{\"name\":\"now\"}}]}");

        assertThat(body.path("tools")).isEqualTo(parse("[{\"name\":\"get_weather\",\"description\":\"d\","
                + "\"input_schema\":{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}}}},"
                + "{\"name\":\"now\",\"input_schema\":{\"type\":\"object\"}}]"));
        assertThat(body.has("tool_choice")).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "\"auto\"                                              | {\"type\":\"auto\"}",
        "\"required\"                                          | {\"type\":\"any\"}",
        "\"none\"                                              | {\"type\":\"none\"}",
        "{\"type\":\"function\",\"function\":{\"name\":\"f\"}} | {\"type\":\"tool\",\"name\":\"f\"}",
    })
    void toolChoice_mapped(String openAi, String anthropic) {
        ObjectNode body = translate("{\"model\":\"m-claude\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],\"tool_choice\":" + openAi + "}");

        assertThat(body.path("tool_choice")).isEqualTo(parse(anthropic));
    }

    @Test
    void parallelToolCallsFalse_disablesParallelToolUse() {
        ObjectNode withChoice = translate("{\"model\":\"m-claude\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"x\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],"
                + "\"tool_choice\":\"required\",\"parallel_tool_calls\":false}");
        ObjectNode withoutChoice = translate("{\"model\":\"m-claude\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"x\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],"
                + "\"parallel_tool_calls\":false}");

        assertThat(withChoice.path("tool_choice")).isEqualTo(parse(
                "{\"type\":\"any\",\"disable_parallel_tool_use\":true}"));
        assertThat(withoutChoice.path("tool_choice")).isEqualTo(parse(
                "{\"type\":\"auto\",\"disable_parallel_tool_use\":true}"));
    }

    @Test
    void toolChoice_unknownValue_rejected() {
        GatewayException exception = rejection("{\"model\":\"m-claude\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"x\"}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}],"
                + "\"tool_choice\":\"sometimes\"}");

        assertThat(exception.param()).isEqualTo("tool_choice");
    }

    @Test
    void customTool_rejected() {
        GatewayException exception = rejection("{\"model\":\"m-claude\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"x\"}],\"tools\":[{\"type\":\"custom\",\"custom\":{\"name\":\"c\"}}]}");

        assertThat(exception.param()).isEqualTo("tools[0].type");
    }

    @Test
    void stop_string_becomesArray() {
        ObjectNode body = translate("{\"model\":\"m-claude\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"stop\":\"END\"}");

        assertThat(body.path("stop_sequences")).isEqualTo(parse("[\"END\"]"));
    }

    @Test
    void stop_array_copied() {
        ObjectNode body = translate("{\"model\":\"m-claude\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"stop\":[\"END\",\"STOP\"]}");

        assertThat(body.path("stop_sequences")).isEqualTo(parse("[\"END\",\"STOP\"]"));
    }

    @Test
    void maxTokens_fromMaxTokens() {
        ObjectNode body = translate("{\"model\":\"m-claude\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"max_tokens\":5}");

        assertThat(body.path("max_tokens").asInt()).isEqualTo(5);
    }

    @Test
    void maxTokens_maxCompletionTokensWins() {
        ObjectNode body = translate("{\"model\":\"m-claude\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"max_tokens\":5,\"max_completion_tokens\":7}");

        assertThat(body.path("max_tokens").asInt()).isEqualTo(7);
    }

    @Test
    void n_aboveOne_rejected() {
        GatewayException exception = rejection("{\"model\":\"m-claude\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"x\"}],\"n\":3}");

        assertThat(exception.param()).isEqualTo("n");
        assertThat(exception.kind().status()).isEqualTo(400);
        assertThat(exception.getMessage()).startsWith("n: 3 (expected: 1");
    }

    @Test
    void n_one_accepted() {
        ObjectNode body = translate("{\"model\":\"m-claude\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"n\":1}");

        assertThat(body.has("n")).isFalse();
    }

    @ParameterizedTest
    @CsvSource({"1.7, 1", "2, 1", "1, 1", "0.3, 0.3", "0, 0"})
    void temperature_clampedToAnthropicRange(String openAi, String anthropic) {
        ObjectNode body = translate("{\"model\":\"m-claude\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"temperature\":" + openAi + ",\"top_p\":0.9}");

        assertThat(body.path("temperature").decimalValue()).isEqualByComparingTo(anthropic);
        assertThat(body.path("top_p").decimalValue()).isEqualByComparingTo("0.9");
    }

    @Test
    void imageParts_dataUrlAndHttpUrl() {
        ObjectNode body = translate("{\"model\":\"m-claude\",\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"What is this?\"},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,iVBORw0KGgo=\","
                + "\"detail\":\"low\"}},"
                + "{\"type\":\"image_url\",\"image_url\":{\"url\":\"https://example.com/cat.jpg\"}}]}]}");

        JsonNode content = body.path("messages").get(0).path("content");
        assertThat(content.get(0)).isEqualTo(parse("{\"type\":\"text\",\"text\":\"What is this?\"}"));
        assertThat(content.get(1)).isEqualTo(parse("{\"type\":\"image\",\"source\":{\"type\":\"base64\","
                + "\"media_type\":\"image/png\",\"data\":\"iVBORw0KGgo=\"}}"));
        assertThat(content.get(2)).isEqualTo(parse("{\"type\":\"image\",\"source\":{\"type\":\"url\","
                + "\"url\":\"https://example.com/cat.jpg\"}}"));
    }

    @Test
    void imagePart_dataUrlWithoutBase64_rejected() {
        GatewayException exception = rejection("{\"model\":\"m-claude\",\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/svg+xml,<svg/>\"}}]}]}");

        assertThat(exception.param()).isEqualTo("messages[0].content[0].image_url.url");
    }

    @Test
    void audioPart_rejectedNamingPart() {
        GatewayException exception = rejection("{\"model\":\"m-claude\",\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"AA==\",\"format\":\"wav\"}}]}]}");

        assertThat(exception.param()).isEqualTo("messages[0].content[0].type");
    }

    @Test
    void userStreamAndResponseFormat_translated() {
        ObjectNode body = translate("{\"model\":\"m-claude\",\"stream\":true,\"user\":\"user-42\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],\"response_format\":{\"type\":\"json_schema\","
                + "\"json_schema\":{\"name\":\"r\",\"schema\":{\"type\":\"object\"}}},\"seed\":7,\"logprobs\":false}");

        assertThat(body.path("stream").asBoolean()).isTrue();
        assertThat(body.path("metadata")).isEqualTo(parse("{\"user_id\":\"user-42\"}"));
        assertThat(body.path("output_config")).isEqualTo(parse(
                "{\"format\":{\"type\":\"json_schema\",\"schema\":{\"type\":\"object\"}}}"));
        assertThat(body.has("seed")).isFalse();
        assertThat(body.has("logprobs")).isFalse();
        assertThat(body.has("user")).isFalse();
    }

    @Test
    void clientBody_leftUnchanged() {
        UpstreamRequest request = chat("{\"model\":\"m-claude\",\"messages\":[{\"role\":\"system\",\"content\":\"S\"},"
                + "{\"role\":\"user\",\"content\":\"x\"}],\"stop\":\"END\"}");
        JsonNode before = request.body().deepCopy();

        AnthropicRequests.body(request, provider());

        assertThat(request.body()).isEqualTo(before);
    }

    @Test
    void legacyFunctions_rejected() {
        GatewayException exception = rejection("{\"model\":\"m-claude\",\"messages\":[{\"role\":\"user\","
                + "\"content\":\"x\"}],\"functions\":[{\"name\":\"f\"}]}");

        assertThat(exception.param()).isEqualTo("functions");
    }

    @Test
    void otherEndpoints_rejectedNamingModel() {
        for (Endpoint endpoint : new Endpoint[] {Endpoint.COMPLETIONS, Endpoint.EMBEDDINGS}) {
            UpstreamRequest request = AnthropicFixtures.request(endpoint, provider(),
                    "{\"model\":\"m-claude\",\"prompt\":\"x\",\"input\":\"x\"}");

            assertThatThrownBy(() -> AnthropicRequests.body(request, provider()))
                    .isInstanceOfSatisfying(GatewayException.class, exception -> {
                        assertThat(exception.kind()).isEqualTo(ErrorKind.INVALID_REQUEST);
                        assertThat(exception.param()).isEqualTo("model");
                        assertThat(exception.getMessage()).contains("does not support /v1" + endpoint.upstreamPath());
                    });
        }
    }
}
