package io.sluice.gateway.upstream;

import static io.sluice.gateway.upstream.AnthropicFixtures.CREATED;
import static io.sluice.gateway.upstream.AnthropicFixtures.anthropic;
import static io.sluice.gateway.upstream.AnthropicFixtures.blockStop;
import static io.sluice.gateway.upstream.AnthropicFixtures.messageDelta;
import static io.sluice.gateway.upstream.AnthropicFixtures.messageStart;
import static io.sluice.gateway.upstream.AnthropicFixtures.messageStop;
import static io.sluice.gateway.upstream.AnthropicFixtures.parse;
import static io.sluice.gateway.upstream.AnthropicFixtures.textDelta;
import static io.sluice.gateway.upstream.AnthropicFixtures.textStart;
import static io.sluice.gateway.upstream.AnthropicFixtures.toolStart;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.gateway.cache.ChatStreamAssembler;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class AnthropicStreamTranslatorTest {

    private static List<SseEvent> translate(List<SseEvent> upstream) {
        AnthropicStreamTranslator translator = new AnthropicStreamTranslator("fallback-model", CREATED);
        List<SseEvent> out = new ArrayList<>();
        for (SseEvent event : upstream) {
            out.addAll(translator.translate(event));
        }
        return out;
    }

    private static List<SseEvent> translate(SseEvent... upstream) {
        return translate(List.of(upstream));
    }

    private static List<JsonNode> chunks(List<SseEvent> out) {
        List<JsonNode> chunks = new ArrayList<>();
        for (SseEvent event : out) {
            if (!event.isDone()) {
                chunks.add(parse(event.data()));
            }
        }
        return chunks;
    }

    /** Checks the OpenAI framing every successful translated stream must have. */
    private static void assertWellFormedStream(List<SseEvent> out) {
        assertThat(out.stream().filter(SseEvent::isDone).count()).isEqualTo(1);
        assertThat(out.getLast().isDone()).isTrue();
        for (SseEvent event : out) {
            String raw = new String(event.raw(), StandardCharsets.UTF_8);
            assertThat(raw).startsWith("data: ").endsWith("\n\n").doesNotContain("event:");
        }
        List<JsonNode> chunks = chunks(out);
        JsonNode first = chunks.getFirst();
        assertThat(first.path("choices").get(0).path("delta")).isEqualTo(parse(
                "{\"role\":\"assistant\",\"content\":\"\"}"));
        for (int i = 0; i < chunks.size(); i++) {
            JsonNode chunk = chunks.get(i);
            assertThat(chunk.path("id")).isEqualTo(first.path("id"));
            assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.path("created").asLong()).isEqualTo(CREATED);
            assertThat(chunk.path("model")).isEqualTo(first.path("model"));
            boolean usageChunk = i == chunks.size() - 1;
            if (usageChunk) {
                assertThat(chunk.path("choices").isArray()).isTrue();
                assertThat(chunk.path("choices")).isEmpty();
                assertThat(chunk.path("usage").isObject()).isTrue();
                continue;
            }
            JsonNode choice = chunk.path("choices").get(0);
            assertThat(choice.path("index").asInt()).isZero();
            assertThat(choice.has("logprobs")).isTrue();
            assertThat(choice.get("logprobs").isNull()).isTrue();
            boolean finishChunk = i == chunks.size() - 2;
            assertThat(choice.get("finish_reason").isNull()).isEqualTo(!finishChunk);
        }
    }

    /** The response as the OpenAI SDKs accumulate it. */
    private record Accumulated(String content, String reasoning, Map<Integer, String> ids,
                               Map<Integer, String> names, Map<Integer, String> arguments, String finishReason,
                               JsonNode usage) {
    }

    private static Accumulated accumulate(List<SseEvent> out) {
        StringBuilder content = new StringBuilder();
        StringBuilder reasoning = new StringBuilder();
        Map<Integer, String> ids = new LinkedHashMap<>();
        Map<Integer, String> names = new LinkedHashMap<>();
        Map<Integer, String> arguments = new LinkedHashMap<>();
        String finishReason = null;
        JsonNode usage = null;
        for (JsonNode chunk : chunks(out)) {
            if (chunk.path("usage").isObject()) {
                usage = chunk.get("usage");
            }
            for (JsonNode choice : chunk.path("choices")) {
                JsonNode delta = choice.path("delta");
                content.append(delta.path("content").asText(""));
                reasoning.append(delta.path("reasoning_content").asText(""));
                for (JsonNode call : delta.path("tool_calls")) {
                    int index = call.path("index").asInt();
                    if (call.has("id")) {
                        ids.put(index, call.get("id").asText());
                        names.put(index, call.path("function").path("name").asText());
                        assertThat(call.path("type").asText()).isEqualTo("function");
                    }
                    arguments.merge(index, call.path("function").path("arguments").asText(""), String::concat);
                }
                if (choice.path("finish_reason").isTextual()) {
                    finishReason = choice.get("finish_reason").asText();
                }
            }
        }
        return new Accumulated(content.toString(), reasoning.toString(), ids, names, arguments, finishReason, usage);
    }

    @Test
    void basicFixture_translatesTextStream() {
        List<SseEvent> out = translate(AnthropicFixtures.events(
                AnthropicFixtures.resource("anthropic-messages-stream-basic.sse")));

        assertWellFormedStream(out);
        List<JsonNode> chunks = chunks(out);
        assertThat(chunks.getFirst().path("id").asText()).isEqualTo("msg_4QpJur2dWWDjF6C758FbBw5vm12BaVipnK");
        assertThat(chunks.getFirst().path("model").asText()).isEqualTo("claude-opus-4-8");
        Accumulated response = accumulate(out);
        assertThat(response.content()).isEqualTo("Hello there!");
        assertThat(response.finishReason()).isEqualTo("stop");
        assertThat(response.ids()).isEmpty();
        assertThat(response.usage()).isEqualTo(parse("{\"prompt_tokens\":11,\"completion_tokens\":6,"
                + "\"total_tokens\":17,\"prompt_tokens_details\":{\"cached_tokens\":0}}"));
        assertThat(out).hasSize(7);
    }

    @Test
    void toolUseFixture_translatesToolCall() {
        List<SseEvent> out = translate(AnthropicFixtures.events(
                AnthropicFixtures.resource("anthropic-messages-stream-tool-use.sse")));

        assertWellFormedStream(out);
        Accumulated response = accumulate(out);
        assertThat(response.content()).isEqualTo("I'll check the current weather in Paris for you.");
        assertThat(response.ids()).containsExactly(Map.entry(0, "toolu_01NRLabsLyVHZPKxbKvkfSMn"));
        assertThat(response.names()).containsExactly(Map.entry(0, "get_weather"));
        assertThat(parse(response.arguments().get(0))).isEqualTo(parse("{\"location\":\"Paris\"}"));
        assertThat(response.finishReason()).isEqualTo("tool_calls");
        assertThat(response.usage().path("prompt_tokens").asLong()).isEqualTo(377);
        assertThat(response.usage().path("completion_tokens").asLong()).isEqualTo(65);
        assertThat(response.usage().path("total_tokens").asLong()).isEqualTo(442);
    }

    @Test
    void parallelToolUse_sequentialIndices() {
        List<SseEvent> out = translate(AnthropicFixtures.parallelToolCallStream());

        assertWellFormedStream(out);
        Accumulated response = accumulate(out);
        assertThat(response.content()).isEqualTo("Checking.");
        assertThat(new TreeSet<>(response.arguments().keySet())).containsExactly(0, 1);
        assertThat(response.ids().values()).containsExactly("toolu_A", "toolu_B");
        assertThat(response.names().values()).containsExactly("get_weather", "get_weather");
        assertThat(parse(response.arguments().get(0))).isEqualTo(parse("{\"city\":\"Paris\"}"));
        assertThat(parse(response.arguments().get(1))).isEqualTo(parse("{\"city\":\"Tokyo\"}"));
        assertThat(response.finishReason()).isEqualTo("tool_calls");
    }

    @Test
    void parallelToolUse_firstFragmentCarriesId() {
        List<JsonNode> calls = new ArrayList<>();
        for (JsonNode chunk : chunks(translate(AnthropicFixtures.parallelToolCallStream()))) {
            chunk.path("choices").path(0).path("delta").path("tool_calls").forEach(calls::add);
        }
        Set<Integer> seen = new TreeSet<>();
        for (JsonNode call : calls) {
            int index = call.path("index").asInt();
            boolean first = seen.add(index);
            assertThat(call.has("id")).isEqualTo(first);
            if (first) {
                assertThat(call.path("function").path("arguments").asText()).isEmpty();
            }
        }
    }

    @Test
    void parallelToolUse_assemblesComplete() {
        ChatStreamAssembler assembler = new ChatStreamAssembler();
        chunks(translate(AnthropicFixtures.parallelToolCallStream())).forEach(assembler::accept);

        assertThat(assembler.complete()).isTrue();
        JsonNode message = assembler.result().path("choices").get(0).path("message");
        assertThat(message.path("content").asText()).isEqualTo("Checking.");
        assertThat(message.path("tool_calls")).hasSize(2);
        assertThat(assembler.usage().promptTokens()).isEqualTo(25);
        assertThat(assembler.usage().completionTokens()).isEqualTo(40);
    }

    @Test
    void usage_onlyInMessageDelta_replacesStartValues() {
        List<SseEvent> out = translate(
                messageStart("msg_u1", "{\"input_tokens\":0,\"output_tokens\":0}"),
                textStart(0), textDelta(0, "o"), textDelta(0, "k"), blockStop(0),
                messageDelta("end_turn", "{\"input_tokens\":4522,\"cache_creation_input_tokens\":4511,"
                        + "\"output_tokens\":5}"),
                messageStop());

        JsonNode usage = accumulate(out).usage();
        assertThat(usage.path("prompt_tokens").asLong()).isEqualTo(9033);
        assertThat(usage.path("completion_tokens").asLong()).isEqualTo(5);
        assertThat(usage.path("total_tokens").asLong()).isEqualTo(9038);
    }

    @Test
    void usage_repeatedInMessageDelta_countedOnce() {
        List<SseEvent> out = translate(
                messageStart("msg_u2", "{\"input_tokens\":4522,\"cache_creation_input_tokens\":4511,"
                        + "\"cache_read_input_tokens\":0,\"output_tokens\":1}"),
                textStart(0), textDelta(0, "o"), textDelta(0, "k"), blockStop(0),
                messageDelta("end_turn", "{\"input_tokens\":4522,\"cache_creation_input_tokens\":4511,"
                        + "\"output_tokens\":5}"),
                messageStop());

        JsonNode usage = accumulate(out).usage();
        assertThat(usage.path("prompt_tokens").asLong()).isEqualTo(9033);
        assertThat(usage.path("completion_tokens").asLong()).isEqualTo(5);
        assertThat(usage.path("total_tokens").asLong()).isEqualTo(9038);
    }

    @Test
    void usage_fieldMissingFromDelta_keepsStartValue() {
        List<SseEvent> out = translate(
                messageStart("msg_u3", "{\"input_tokens\":12,\"cache_read_input_tokens\":300,\"output_tokens\":1}"),
                messageDelta("end_turn", "{\"output_tokens\":9}"),
                messageStop());

        assertThat(accumulate(out).usage()).isEqualTo(parse("{\"prompt_tokens\":312,\"completion_tokens\":9,"
                + "\"total_tokens\":321,\"prompt_tokens_details\":{\"cached_tokens\":300}}"));
    }

    @Test
    void errorEvent_midStream_endsWithError() {
        AnthropicStreamTranslator translator = new AnthropicStreamTranslator("fallback-model", CREATED);
        List<SseEvent> out = new ArrayList<>();
        for (SseEvent event : new SseEvent[] {messageStart("msg_e", "{\"input_tokens\":3,\"output_tokens\":1}"),
                textStart(0), textDelta(0, "partial")}) {
            out.addAll(translator.translate(event));
        }

        List<SseEvent> error = translator.translate(anthropic(
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));
        List<SseEvent> after = translator.translate(messageStop());

        assertThat(out).hasSize(2);
        assertThat(error).hasSize(1);
        assertThat(parse(error.getFirst().data())).isEqualTo(parse("{\"error\":{\"message\":\"Overloaded\","
                + "\"type\":\"overloaded_error\",\"param\":null,\"code\":null}}"));
        assertThat(translator.ended()).isTrue();
        assertThat(after).isEmpty();
    }

    @Test
    void truncatedStream_neverEnds() {
        AnthropicStreamTranslator translator = new AnthropicStreamTranslator("fallback-model", CREATED);
        List<SseEvent> out = new ArrayList<>();
        for (SseEvent event : new SseEvent[] {messageStart("msg_t", "{\"input_tokens\":3,\"output_tokens\":1}"),
                textStart(0), textDelta(0, "cut"), messageDelta("end_turn", "{\"output_tokens\":2}")}) {
            out.addAll(translator.translate(event));
        }

        assertThat(translator.ended()).isFalse();
        assertThat(out).noneMatch(SseEvent::isDone);
        assertThat(chunks(out)).allMatch(chunk -> chunk.path("choices").get(0).get("finish_reason").isNull());
    }

    @Test
    void toolUse_withoutInputDeltas_argumentsEmptyObject() {
        List<SseEvent> out = translate(
                messageStart("msg_n", "{\"input_tokens\":3,\"output_tokens\":1}"),
                toolStart(0, "toolu_N", "now"),
                AnthropicFixtures.jsonDelta(0, ""),
                blockStop(0),
                messageDelta("tool_use", "{\"output_tokens\":4}"),
                messageStop());

        assertWellFormedStream(out);
        assertThat(accumulate(out).arguments()).containsExactly(Map.entry(0, "{}"));
    }

    @Test
    void thinkingAndSignature_reasoningContentOnly() {
        List<SseEvent> out = translate(
                messageStart("msg_r", "{\"input_tokens\":3,\"output_tokens\":1}"),
                anthropic("{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"thinking\","
                        + "\"thinking\":\"\"}}"),
                anthropic("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\","
                        + "\"thinking\":\"Hmm.\"}}"),
                anthropic("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"signature_delta\","
                        + "\"signature\":\"EqQBCgIYAhIM\"}}"),
                blockStop(0),
                anthropic("{\"type\":\"ping\"}"),
                textStart(1), textDelta(1, "Done."), blockStop(1),
                messageDelta("end_turn", "{\"output_tokens\":7}"),
                messageStop());

        assertWellFormedStream(out);
        Accumulated response = accumulate(out);
        assertThat(response.reasoning()).isEqualTo("Hmm.");
        assertThat(response.content()).isEqualTo("Done.");
        assertThat(out.stream().map(SseEvent::data).toList()).noneMatch(data -> data.contains("EqQBCgIYAhIM"));
        assertThat(out).hasSize(6);
    }

    @Test
    void invalidJsonEvent_badResponseError() {
        AnthropicStreamTranslator translator = new AnthropicStreamTranslator("fallback-model", CREATED);
        translator.translate(messageStart("msg_j", "{\"input_tokens\":3,\"output_tokens\":1}"));

        List<SseEvent> out = translator.translate(SseEvent.named("content_block_delta", "{not json"));

        assertThat(out).hasSize(1);
        JsonNode error = parse(out.getFirst().data()).path("error");
        assertThat(error.path("code").asText()).isEqualTo("upstream_bad_response");
        assertThat(translator.ended()).isTrue();
    }

    @Test
    void contentBeforeMessageStart_badResponseError() {
        List<SseEvent> out = translate(textDelta(0, "early"));

        assertThat(out).hasSize(1);
        assertThat(parse(out.getFirst().data()).path("error").path("code").asText())
                .isEqualTo("upstream_bad_response");
    }

    @Test
    void eventWithoutData_ignored() {
        AnthropicStreamTranslator translator = new AnthropicStreamTranslator("fallback-model", CREATED);

        List<SseEvent> out = translator.translate(new SseEvent(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8),
                null, null));

        assertThat(out).isEmpty();
        assertThat(translator.ended()).isFalse();
    }
}
