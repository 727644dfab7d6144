package io.sluice.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds the events of an Anthropic Messages stream ({@code event: <type>} plus {@code data: <json>}), for
 * scripts that need exact events. Fields appear in the order of recorded Anthropic streams, for example:
 * <pre>{@code
 * ResponseSpec spec = MessageStreamBuilder.create("fu-claude")
 *         .messageStart(11, 1).textBlockStart(0).ping().textDelta(0, "hello").blockStop(0)
 *         .messageDelta("end_turn", 1).messageStop()
 *         .toResponse();
 * }</pre>
 */
public final class MessageStreamBuilder {

    private final List<SseEvent> events = new ArrayList<>();
    private final String model;
    private String id = Ids.next("msg_");
    private long pendingDelayMillis;

    private MessageStreamBuilder(String model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    /** Starts a stream for the given model with a fresh message id. */
    public static MessageStreamBuilder create(String model) {
        return new MessageStreamBuilder(model);
    }

    /** Sets the message id that {@code message_start} carries. */
    public MessageStreamBuilder id(String id) {
        this.id = Objects.requireNonNull(id, "id");
        return this;
    }

    /** Makes the next event wait the given time before it is written. */
    public MessageStreamBuilder pause(long millis) {
        this.pendingDelayMillis = millis;
        return this;
    }

    /** Adds {@code message_start} with {@code usage:{"input_tokens","output_tokens"}}. */
    public MessageStreamBuilder messageStart(int inputTokens, int outputTokens) {
        ObjectNode usage = Json.object();
        usage.put("input_tokens", inputTokens);
        usage.put("output_tokens", outputTokens);
        return messageStart(usage);
    }

    /** Adds {@code message_start} with a usage object given as JSON text. */
    public MessageStreamBuilder messageStart(String usageJson) {
        return messageStart(parse(usageJson));
    }

    private MessageStreamBuilder messageStart(JsonNode usage) {
        ObjectNode message = Json.object();
        message.put("id", id);
        message.put("type", "message");
        message.put("role", "assistant");
        message.putArray("content");
        message.put("model", model);
        message.putNull("stop_reason");
        message.putNull("stop_sequence");
        message.set("usage", usage);
        ObjectNode data = typed("message_start");
        data.set("message", message);
        return add("message_start", data);
    }

    /** Adds {@code ping}, written as the Anthropic API writes it: {@code {"type": "ping"}}. */
    public MessageStreamBuilder ping() {
        return add(SseEvent.named("ping", "{\"type\": \"ping\"}"));
    }

    /** Adds {@code content_block_start} for a text block. */
    public MessageStreamBuilder textBlockStart(int index) {
        ObjectNode block = Json.object();
        block.put("type", "text");
        block.put("text", "");
        return blockStart(index, block);
    }

    /** Adds {@code content_block_start} for a {@code tool_use} block with empty input. */
    public MessageStreamBuilder toolUseStart(int index, String toolUseId, String name) {
        ObjectNode block = Json.object();
        block.put("type", "tool_use");
        block.put("id", toolUseId);
        block.put("name", name);
        block.putObject("input");
        return blockStart(index, block);
    }

    private MessageStreamBuilder blockStart(int index, ObjectNode block) {
        ObjectNode data = typed("content_block_start");
        data.put("index", index);
        data.set("content_block", block);
        return add("content_block_start", data);
    }

    /** Adds a {@code text_delta}. */
    public MessageStreamBuilder textDelta(int index, String text) {
        ObjectNode delta = Json.object();
        delta.put("type", "text_delta");
        delta.put("text", text);
        return delta(index, delta);
    }

    /** Adds an {@code input_json_delta} carrying a fragment of a tool's input JSON. */
    public MessageStreamBuilder inputJsonDelta(int index, String partialJson) {
        ObjectNode delta = Json.object();
        delta.put("type", "input_json_delta");
        delta.put("partial_json", partialJson);
        return delta(index, delta);
    }

    private MessageStreamBuilder delta(int index, ObjectNode delta) {
        ObjectNode data = typed("content_block_delta");
        data.put("index", index);
        data.set("delta", delta);
        return add("content_block_delta", data);
    }

    /** Adds {@code content_block_stop}. */
    public MessageStreamBuilder blockStop(int index) {
        ObjectNode data = typed("content_block_stop");
        data.put("index", index);
        return add("content_block_stop", data);
    }

    /** Adds {@code message_delta} with the stop reason and {@code usage:{"output_tokens"}}. */
    public MessageStreamBuilder messageDelta(String stopReason, int outputTokens) {
        ObjectNode usage = Json.object();
        usage.put("output_tokens", outputTokens);
        return messageDelta(stopReason, usage);
    }

    /** Adds {@code message_delta} with the stop reason and a usage object given as JSON text. */
    public MessageStreamBuilder messageDelta(String stopReason, String usageJson) {
        return messageDelta(stopReason, parse(usageJson));
    }

    private MessageStreamBuilder messageDelta(String stopReason, JsonNode usage) {
        ObjectNode data = typed("message_delta");
        ObjectNode delta = data.putObject("delta");
        delta.put("stop_reason", stopReason);
        delta.putNull("stop_sequence");
        data.set("usage", usage);
        return add("message_delta", data);
    }

    /** Adds {@code message_stop}. */
    public MessageStreamBuilder messageStop() {
        return add("message_stop", typed("message_stop"));
    }

    /** Adds an {@code error} event, such as {@code error("overloaded_error", "Overloaded")}. */
    public MessageStreamBuilder error(String type, String message) {
        ObjectNode data = typed("error");
        ObjectNode error = data.putObject("error");
        error.put("type", type);
        error.put("message", message);
        return add("error", data);
    }

    /** Adds any event. */
    public MessageStreamBuilder event(SseEvent event) {
        return add(event);
    }

    /** Returns the events added so far. */
    public List<SseEvent> build() {
        return List.copyOf(events);
    }

    /** Returns a 200 event-stream response made of the events added so far. */
    public ResponseSpec toResponse() {
        return ResponseSpec.stream(build());
    }

    private static ObjectNode typed(String type) {
        ObjectNode data = Json.object();
        data.put("type", type);
        return data;
    }

    private MessageStreamBuilder add(String type, ObjectNode data) {
        return add(SseEvent.named(type, Json.text(data)));
    }

    private MessageStreamBuilder add(SseEvent event) {
        events.add(pendingDelayMillis > 0 ? event.afterMillis(pendingDelayMillis) : event);
        pendingDelayMillis = 0;
        return this;
    }

    private static JsonNode parse(String json) {
        try {
            return Json.EXACT.readTree(json);
        } catch (IOException e) {
            throw new UncheckedIOException("usage: malformed JSON", e);
        }
    }
}
