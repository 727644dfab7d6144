package io.sluice.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Builds the events of an OpenAI {@code chat.completion.chunk} stream, for scripts that need exact chunks.
 *
 * <p>Every chunk carries the same {@code id}, {@code created}, {@code model} and {@code system_fingerprint}, and
 * the fields appear in the order of recorded OpenAI streams, for example:
 * <pre>{@code
 * ResponseSpec spec = ChatStreamBuilder.create("fu-model")
 *         .role().content("Par").content("tial").finish("stop").usage(11, 2).done()
 *         .toResponse();
 * }</pre>
 */
public final class ChatStreamBuilder {

    private final List<SseEvent> events = new ArrayList<>();
    private final String model;
    private String id = Ids.next("chatcmpl-");
    private long created = Instant.now().getEpochSecond();
    private String systemFingerprint = "fp_sluicesim";
    private int choice;
    private long pendingDelayMillis;

    private ChatStreamBuilder(String model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    /** Starts a stream for the given model with a fresh id and the current time as {@code created}. */
    public static ChatStreamBuilder create(String model) {
        return new ChatStreamBuilder(model);
    }

    /** Sets the {@code id} of the chunks added after this call. */
    public ChatStreamBuilder id(String id) {
        this.id = Objects.requireNonNull(id, "id");
        return this;
    }

    /** Sets the {@code created} time (epoch seconds) of the chunks added after this call. */
    public ChatStreamBuilder created(long epochSeconds) {
        this.created = epochSeconds;
        return this;
    }

    /** Sets the {@code system_fingerprint} of the chunks added after this call. */
    public ChatStreamBuilder systemFingerprint(String fingerprint) {
        this.systemFingerprint = Objects.requireNonNull(fingerprint, "fingerprint");
        return this;
    }

    /** Sets the choice index of the chunks added after this call (0 at the start). */
    public ChatStreamBuilder choice(int index) {
        this.choice = index;
        return this;
    }

    /** Makes the next event wait the given time before it is written. */
    public ChatStreamBuilder pause(long millis) {
        this.pendingDelayMillis = millis;
        return this;
    }

    /** Adds the first chunk of a choice: {@code delta:{"role":"assistant","content":"","refusal":null}}. */
    public ChatStreamBuilder role() {
        ObjectNode delta = Json.object();
        delta.put("role", "assistant");
        delta.put("content", "");
        delta.putNull("refusal");
        return delta(delta, null);
    }

    /** Adds a content chunk: {@code delta:{"content":text}}. */
    public ChatStreamBuilder content(String text) {
        ObjectNode delta = Json.object();
        delta.put("content", text);
        return delta(delta, null);
    }

    /** Adds a reasoning chunk: {@code delta:{"reasoning_content":text}}, as some OpenAI-compatible servers send. */
    public ChatStreamBuilder reasoning(String text) {
        ObjectNode delta = Json.object();
        delta.put("reasoning_content", text);
        return delta(delta, null);
    }

    /** Adds the first fragment of a tool call, with its id, type, name and empty arguments. */
    public ChatStreamBuilder toolCall(int toolIndex, String callId, String name) {
        ObjectNode call = Json.object();
        call.put("index", toolIndex);
        call.put("id", callId);
        call.put("type", "function");
        ObjectNode function = call.putObject("function");
        function.put("name", name);
        function.put("arguments", "");
        ObjectNode delta = Json.object();
        delta.put("role", "assistant");
        delta.putNull("content");
        delta.putArray("tool_calls").add(call);
        delta.putNull("refusal");
        return delta(delta, null);
    }

    /** Adds a fragment of a tool call's arguments. */
    public ChatStreamBuilder toolArguments(int toolIndex, String fragment) {
        ObjectNode call = Json.object();
        call.put("index", toolIndex);
        call.putObject("function").put("arguments", fragment);
        ObjectNode delta = Json.object();
        delta.putArray("tool_calls").add(call);
        return delta(delta, null);
    }

    /** Adds the last chunk of a choice: {@code delta:{}} with the finish reason. */
    public ChatStreamBuilder finish(String finishReason) {
        return delta(Json.object(), finishReason);
    }

    /** Adds the usage chunk ({@code choices:[]}) with the given token counts. */
    public ChatStreamBuilder usage(int promptTokens, int completionTokens) {
        return usage(OpenAiUsage.of(promptTokens, completionTokens));
    }

    /** Adds the usage chunk ({@code choices:[]}) with a usage object given as JSON text. */
    public ChatStreamBuilder usage(String usageJson) {
        return usage(parse(usageJson));
    }

    private ChatStreamBuilder usage(JsonNode usage) {
        ObjectNode chunk = envelope();
        chunk.putArray("choices");
        chunk.set("usage", usage);
        return add(SseEvent.data(Json.text(chunk)));
    }

    /** Adds an in-band error event: {@code data: {"error":{"message","type","param":null,"code":null}}}. */
    public ChatStreamBuilder error(String message, String type) {
        ObjectNode root = Json.object();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.putNull("param");
        error.putNull("code");
        return add(SseEvent.data(Json.text(root)));
    }

    /** Adds the end-of-stream event {@code data: [DONE]}. */
    public ChatStreamBuilder done() {
        return add(SseEvent.done());
    }

    /** Adds any event, such as a raw comment line. */
    public ChatStreamBuilder event(SseEvent event) {
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

    private ChatStreamBuilder delta(ObjectNode delta, String finishReason) {
        ObjectNode chunk = envelope();
        ObjectNode entry = chunk.putArray("choices").addObject();
        entry.put("index", choice);
        entry.set("delta", delta);
        entry.putNull("logprobs");
        entry.put("finish_reason", finishReason);
        return add(SseEvent.data(Json.text(chunk)));
    }

    private ObjectNode envelope() {
        ObjectNode chunk = Json.object();
        chunk.put("id", id);
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", created);
        chunk.put("model", model);
        chunk.put("system_fingerprint", systemFingerprint);
        return chunk;
    }

    private ChatStreamBuilder add(SseEvent event) {
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
