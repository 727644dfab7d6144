package io.sluice.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.gateway.api.ErrorBodies;
import io.sluice.gateway.api.ErrorKind;
import io.sluice.gateway.api.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Translates one Anthropic Messages event stream into OpenAI {@code chat.completion.chunk} events.
 *
 * <p>Each Anthropic event yields zero or more OpenAI events:
 * <ul>
 *   <li>{@code message_start}: the role chunk, {@code delta:{"role":"assistant","content":""}};</li>
 *   <li>{@code text_delta} and {@code thinking_delta}: {@code delta.content} and
 *       {@code delta.reasoning_content};</li>
 *   <li>a {@code tool_use} block: a tool call under the next OpenAI index (0, 1, … in order of appearance, not
 *       the Anthropic block index), first with id, type, name and empty arguments, then one fragment per
 *       {@code input_json_delta}. A call whose input arrived with no fragments gets its whole input as one
 *       fragment, {@code {}} when empty, so that the accumulated arguments always parse as JSON;</li>
 *   <li>{@code message_delta}: nothing, but its stop reason and usage are kept;</li>
 *   <li>{@code message_stop}: the finish chunk, the usage chunk ({@code choices:[]}) and {@code [DONE]};</li>
 *   <li>{@code error}: one OpenAI error event, and the stream ends without {@code [DONE]};</li>
 *   <li>{@code ping}, {@code signature_delta} and unknown events: nothing.</li>
 * </ul>
 * Every chunk carries the message id, {@code created} and model. Once the stream has ended, later events are
 * ignored. Instances are not thread-safe: one stream is read by one thread.
 */
final class AnthropicStreamTranslator {

    /** Events that only make sense after {@code message_start}. */
    private static final Set<String> MESSAGE_EVENTS = Set.of("content_block_start", "content_block_delta",
            "content_block_stop", "message_delta", "message_stop");

    private final String fallbackModel;
    private final long createdEpochSeconds;
    private final Map<Integer, ToolBlock> toolBlocks = new HashMap<>();
    private String id;
    private String model;
    private AnthropicUsage usage = AnthropicUsage.ZERO;
    private String stopReason;
    private int nextToolIndex;
    private boolean ended;

    /**
     * Creates a translator for one stream.
     *
     * @param fallbackModel       {@code model} to report if {@code message_start} names none
     * @param createdEpochSeconds {@code created} of every chunk
     */
    AnthropicStreamTranslator(String fallbackModel, long createdEpochSeconds) {
        this.fallbackModel = fallbackModel;
        this.createdEpochSeconds = createdEpochSeconds;
    }

    /** Tells whether the stream has ended, with {@code [DONE]} or an error event. */
    boolean ended() {
        return ended;
    }

    /** Translates one Anthropic event into the OpenAI events it yields, possibly none. */
    List<SseEvent> translate(SseEvent event) {
        if (ended || event.data() == null) {
            return List.of();
        }
        JsonNode data;
        try {
            data = Json.parse(event.data().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return badResponse("The upstream sent a stream event that is not valid JSON.");
        }
        String type = data.path("type").isTextual() ? data.get("type").textValue() : event.event();
        if (type == null) {
            return List.of();
        }
        if (id == null && MESSAGE_EVENTS.contains(type)) {
            return badResponse("The upstream sent '" + type + "' before 'message_start'.");
        }
        return switch (type) {
            case "message_start" -> messageStart(data.path("message"));
            case "content_block_start" -> blockStart(data.path("index").asInt(), data.path("content_block"));
            case "content_block_delta" -> blockDelta(data.path("index").asInt(), data.path("delta"));
            case "content_block_stop" -> blockStop(data.path("index").asInt());
            case "message_delta" -> messageDelta(data);
            case "message_stop" -> messageStop();
            case "error" -> end(SseEvent.data(Json.string(AnthropicResponses.streamError(data))));
            default -> List.of();
        };
    }

    private List<SseEvent> messageStart(JsonNode message) {
        if (id != null) {
            return List.of();
        }
        id = message.path("id").isTextual() ? message.get("id").textValue() : "";
        model = message.path("model").isTextual() ? message.get("model").textValue() : fallbackModel;
        usage = usage.update(message.get("usage"));
        ObjectNode delta = Json.object();
        delta.put("role", "assistant");
        delta.put("content", "");
        return List.of(chunk(delta, null));
    }

    private List<SseEvent> blockStart(int blockIndex, JsonNode block) {
        return switch (block.path("type").asText("")) {
            case "text" -> textDelta("content", block.path("text").asText(""));
            case "thinking" -> textDelta("reasoning_content", block.path("thinking").asText(""));
            case "tool_use" -> toolStart(blockIndex, block);
            default -> List.of();
        };
    }

    private List<SseEvent> toolStart(int blockIndex, JsonNode block) {
        ToolBlock tool = new ToolBlock(nextToolIndex++, block.get("input"));
        toolBlocks.put(blockIndex, tool);
        ObjectNode call = toolCall(tool.openAiIndex);
        call.put("id", block.path("id").asText(""));
        call.put("type", "function");
        ObjectNode function = call.putObject("function");
        function.put("name", block.path("name").asText(""));
        function.put("arguments", "");
        return List.of(chunk(toolCallsDelta(call), null));
    }

    private List<SseEvent> blockDelta(int blockIndex, JsonNode delta) {
        return switch (delta.path("type").asText("")) {
            case "text_delta" -> textDelta("content", delta.path("text").asText(""));
            case "thinking_delta" -> textDelta("reasoning_content", delta.path("thinking").asText(""));
            case "input_json_delta" -> arguments(toolBlocks.get(blockIndex), delta.path("partial_json").asText(""));
            default -> List.of();
        };
    }

    private List<SseEvent> blockStop(int blockIndex) {
        ToolBlock tool = toolBlocks.get(blockIndex);
        if (tool == null || tool.sentArguments) {
            return List.of();
        }
        return arguments(tool, AnthropicResponses.arguments(tool.startInput));
    }

    private List<SseEvent> messageDelta(JsonNode data) {
        JsonNode reason = data.path("delta").get("stop_reason");
        if (reason != null && reason.isTextual()) {
            stopReason = reason.textValue();
        }
        usage = usage.update(data.get("usage"));
        return List.of();
    }

    private List<SseEvent> messageStop() {
        SseEvent finish = chunk(Json.object(), AnthropicResponses.finishReason(stopReason));
        ObjectNode usageChunk = envelope();
        usageChunk.putArray("choices");
        usageChunk.set("usage", usage.toOpenAi());
        return end(finish, SseEvent.data(Json.string(usageChunk)), SseEvent.done());
    }

    private List<SseEvent> textDelta(String field, String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        ObjectNode delta = Json.object();
        delta.put(field, text);
        return List.of(chunk(delta, null));
    }

    private List<SseEvent> arguments(ToolBlock tool, String fragment) {
        if (tool == null || fragment.isEmpty()) {
            return List.of();
        }
        tool.sentArguments = true;
        ObjectNode call = toolCall(tool.openAiIndex);
        call.putObject("function").put("arguments", fragment);
        return List.of(chunk(toolCallsDelta(call), null));
    }

    private List<SseEvent> badResponse(String message) {
        ErrorKind kind = ErrorKind.UPSTREAM_BAD_RESPONSE;
        return end(SseEvent.data(Json.string(ErrorBodies.openAiNode(message, kind.type(), null, kind.code()))));
    }

    private List<SseEvent> end(SseEvent... events) {
        ended = true;
        return List.of(events);
    }

    private static ObjectNode toolCall(int openAiIndex) {
        ObjectNode call = Json.object();
        call.put("index", openAiIndex);
        return call;
    }

    private static ObjectNode toolCallsDelta(ObjectNode call) {
        ObjectNode delta = Json.object();
        delta.putArray("tool_calls").add(call);
        return delta;
    }

    private SseEvent chunk(ObjectNode delta, String finishReason) {
        ObjectNode chunk = envelope();
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        return SseEvent.data(Json.string(chunk));
    }

    private ObjectNode envelope() {
        ObjectNode chunk = Json.object();
        chunk.put("id", id);
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", createdEpochSeconds);
        chunk.put("model", model);
        return chunk;
    }

    /** A {@code tool_use} block: its OpenAI tool call index and whether any arguments were sent for it. */
    private static final class ToolBlock {

        private final int openAiIndex;
        private final JsonNode startInput;
        private boolean sentArguments;

        ToolBlock(int openAiIndex, JsonNode startInput) {
            this.openAiIndex = openAiIndex;
            this.startInput = startInput;
        }
    }
}
