package io.sluice.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamBuildersTest {

    @Test
    void chatBuilder_reproducesRecordedLengthStream() throws IOException {
        List<SseEvent> events = ChatStreamBuilder.create("gpt-4o-2024-08-06")
                .id("chatcmpl-ABfw3Oqj8RD0z6aJiiX37oTjV2HFh")
                .created(1727346171)
                .systemFingerprint("fp_7568d46099")
                .role()
                .content("{\"")
                .finish("length")
                .usage("{\"prompt_tokens\":79,\"completion_tokens\":1,\"total_tokens\":80,"
                        + "\"completion_tokens_details\":{\"reasoning_tokens\":0}}")
                .done()
                .build();

        assertThat(encode(events)).isEqualTo(recorded("openai-chat-stream-length-usage.sse"));
    }

    @Test
    void chatBuilder_reproducesRecordedToolCallStream() throws IOException {
        ChatStreamBuilder builder = ChatStreamBuilder.create("gpt-4o-2024-08-06")
                .id("chatcmpl-ABfwERreu9s99xXsVuOWtIB2UOx62")
                .created(1727346182)
                .systemFingerprint("fp_143bb8492c")
                .toolCall(0, "call_4XzlGBLtUe9dy3GVNV4jhq7h", "get_weather");
        for (String fragment : List.of("{\"", "city", "\":\"", "New", " York", " City", "\"}")) {
            builder.toolArguments(0, fragment);
        }
        builder.finish("tool_calls")
                .usage("{\"prompt_tokens\":44,\"completion_tokens\":16,\"total_tokens\":60,"
                        + "\"completion_tokens_details\":{\"reasoning_tokens\":0}}")
                .done();

        assertThat(encode(builder.build())).isEqualTo(recorded("openai-chat-stream-tool-call-usage.sse"));
    }

    @Test
    void messageBuilder_reproducesRecordedBasicStream() throws IOException {
        List<SseEvent> events = MessageStreamBuilder.create("claude-opus-4-8")
                .id("msg_4QpJur2dWWDjF6C758FbBw5vm12BaVipnK")
                .messageStart(11, 1)
                .textBlockStart(0)
                .ping()
                .textDelta(0, "Hello")
                .textDelta(0, " there")
                .textDelta(0, "!")
                .blockStop(0)
                .messageDelta("end_turn", 6)
                .messageStop()
                .build();

        assertThat(encode(events)).isEqualTo(recorded("anthropic-messages-stream-basic.sse"));
    }

    @Test
    void messageBuilder_reproducesRecordedToolUseEvents() throws IOException {
        List<SseEvent> events = MessageStreamBuilder.create("claude-opus-4-8")
                .toolUseStart(1, "toolu_01NRLabsLyVHZPKxbKvkfSMn", "get_weather")
                .inputJsonDelta(1, "")
                .inputJsonDelta(1, "{\"locati")
                .build();

        assertThat(recorded("anthropic-messages-stream-tool-use.sse")).contains(encode(events));
    }

    @Test
    void pause_delaysOnlyTheNextEvent() {
        List<SseEvent> events = ChatStreamBuilder.create("m").role().pause(50).content("a").content("b").build();

        assertThat(events).extracting(SseEvent::delayMillis).containsExactly(0L, 50L, 0L);
    }

    @Test
    void multiLineData_splitsIntoDataLines() {
        assertThat(new String(SseEvent.data("{\n\"a\":1}").encode(), StandardCharsets.UTF_8))
                .isEqualTo("data: {\ndata: \"a\":1}\n\n");
        assertThat(new String(SseEvent.named("ping", "{}").encode(), StandardCharsets.UTF_8))
                .isEqualTo("event: ping\ndata: {}\n\n");
    }

    private static String encode(List<SseEvent> events) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        events.forEach(event -> out.writeBytes(event.encode()));
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String recorded(String name) throws IOException {
        try (InputStream in = StreamBuildersTest.class.getResourceAsStream("/recorded/" + name)) {
            assertThat(in).as(name).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
