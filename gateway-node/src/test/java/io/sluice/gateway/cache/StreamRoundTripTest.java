package io.sluice.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.gateway.api.Json;
import io.sluice.gateway.upstream.SseEvent;
import io.sluice.gateway.upstream.SseReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Assembling recorded OpenAI streams into one response, and replaying that response as a stream again. */
class StreamRoundTripTest {

    @Test
    void assembler_rebuildsToolCallStream() throws IOException {
        ChatStreamAssembler assembler = assemble(recorded("openai-chat-stream-tool-call-usage.sse"));
        ObjectNode completion = assembler.result();

        assertThat(assembler.complete()).isTrue();
        assertThat(assembler.usage().promptTokens()).isEqualTo(44);
        JsonNode choice = completion.path("choices").get(0);
        assertThat(choice.path("finish_reason").asText()).isEqualTo("tool_calls");
        JsonNode call = choice.path("message").path("tool_calls").get(0);
        assertThat(call.path("id").asText()).isEqualTo("call_4XzlGBLtUe9dy3GVNV4jhq7h");
        assertThat(call.path("function").path("name").asText()).isEqualTo("get_weather");
        assertThat(Json.parse(call.path("function").path("arguments").asText().getBytes(StandardCharsets.UTF_8))
                .path("city").asText()).isEqualTo("New York City");
        assertThat(completion.path("object").asText()).isEqualTo("chat.completion");
    }

    @Test
    void assembler_reportsTruncatedStreamIncomplete() throws IOException {
        List<JsonNode> chunks = recorded("openai-chat-stream-length-usage.sse");
        ChatStreamAssembler assembler = assemble(chunks.subList(0, 2));

        assertThat(assembler.complete()).isFalse();
    }

    @Test
    void replay_reproducesContentReasoningAndToolCalls() throws IOException {
        String stored = "{\"id\":\"c1\",\"object\":\"chat.completion\",\"created\":5,\"model\":\"m\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"1 2 3 4 5\","
                + "\"refusal\":null,\"reasoning_content\":\"think hard\",\"tool_calls\":[{\"id\":\"t1\","
                + "\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\": 1}\"}}]},"
                + "\"logprobs\":null,\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":5,\"total_tokens\":8}}";
        List<SseEvent> events = StreamReplay.chat(Json.parse(stored.getBytes(StandardCharsets.UTF_8)), true);

        assertThat(events.get(events.size() - 1).isDone()).isTrue();
        assertThat(events.stream().filter(SseEvent::isDone)).hasSize(1);
        List<JsonNode> chunks = new ArrayList<>();
        for (SseEvent event : events.subList(0, events.size() - 1)) {
            chunks.add(Json.parse(event.data().getBytes(StandardCharsets.UTF_8)));
        }
        long contentChunks = chunks.stream()
                .filter(chunk -> chunk.path("choices").path(0).path("delta").path("content").asText("").length() > 0)
                .count();
        assertThat(contentChunks).isGreaterThanOrEqualTo(2);
        JsonNode last = chunks.get(chunks.size() - 1);
        assertThat(last.path("choices").isEmpty()).isTrue();
        assertThat(last.path("usage").path("total_tokens").asInt()).isEqualTo(8);

        ChatStreamAssembler assembler = assemble(chunks);
        JsonNode message = assembler.result().path("choices").get(0).path("message");
        assertThat(message.path("content").asText()).isEqualTo("1 2 3 4 5");
        assertThat(message.path("reasoning_content").asText()).isEqualTo("think hard");
        assertThat(message.path("tool_calls").get(0).path("function").path("arguments").asText())
                .isEqualTo("{\"a\": 1}");
        assertThat(assembler.result().path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
        for (JsonNode chunk : chunks) {
            assertThat(chunk.path("id").asText()).isEqualTo("c1");
            assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
        }
    }

    @Test
    void replay_omitsUsageChunkUnlessAsked() throws IOException {
        String stored = "{\"id\":\"c1\",\"created\":5,\"model\":\"m\",\"choices\":[{\"index\":0,"
                + "\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},\"finish_reason\":\"stop\"}],"
                + "\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":1,\"total_tokens\":2}}";
        List<SseEvent> events = StreamReplay.chat(Json.parse(stored.getBytes(StandardCharsets.UTF_8)), false);

        assertThat(events).noneMatch(event -> event.data().contains("\"usage\""));
    }

    private static ChatStreamAssembler assemble(List<JsonNode> chunks) {
        ChatStreamAssembler assembler = new ChatStreamAssembler();
        chunks.forEach(assembler::accept);
        return assembler;
    }

    private static List<JsonNode> recorded(String name) throws IOException {
        List<JsonNode> chunks = new ArrayList<>();
        try (InputStream in = StreamRoundTripTest.class.getResourceAsStream("/openai/" + name)) {
            SseReader reader = new SseReader(in, 1 << 20);
            for (SseEvent event = reader.next(); event != null; event = reader.next()) {
                if (!event.isDone()) {
                    chunks.add(Json.parse(event.data().getBytes(StandardCharsets.UTF_8)));
                }
            }
        }
        return chunks;
    }
}
