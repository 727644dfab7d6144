package io.sluice.gateway.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.gateway.api.Json;
import io.sluice.gateway.upstream.SseEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a stored non-stream response back into the OpenAI event stream a streaming client expects.
 *
 * <p>Chat responses replay per choice as: a role chunk, the other text fields of the message (such as
 * {@code reasoning_content}), the content in word-sized pieces, the refusal, each tool call (id, type and name
 * first, then argument pieces), and a finish chunk; then, if the client asked for it, a usage chunk with empty
 * {@code choices}; then exactly one {@code [DONE]}. Legacy text completions replay their text in pieces the
 * same way. {@code id}, {@code created} and {@code model} are the stored ones in every chunk.
 */
public final class StreamReplay {

    private static final Set<String> MESSAGE_STRUCTURE = Set.of("role", "content", "refusal", "tool_calls",
            "function_call", "annotations", "audio");

    private StreamReplay() {
    }

    /** Replays a {@code chat.completion}. */
    public static List<SseEvent> chat(JsonNode completion, boolean includeUsage) {
        List<SseEvent> events = new ArrayList<>();
        for (JsonNode choice : completion.path("choices")) {
            replayChoice(completion, choice, events);
        }
        finish(completion, includeUsage, "chat.completion.chunk", events);
        return events;
    }

    /** Replays a legacy {@code text_completion}. */
    public static List<SseEvent> text(JsonNode completion, boolean includeUsage) {
        List<SseEvent> events = new ArrayList<>();
        for (JsonNode choice : completion.path("choices")) {
            int index = choice.path("index").asInt(0);
            List<String> pieces = TextPieces.split(choice.path("text").asText(""));
            if (pieces.isEmpty()) {
                pieces = List.of("");
            }
            for (int i = 0; i < pieces.size(); i++) {
                ObjectNode textChoice = Json.object();
                textChoice.put("text", pieces.get(i));
                textChoice.put("index", index);
                boolean last = i == pieces.size() - 1;
                textChoice.set("logprobs", last ? choice.get("logprobs") : null);
                textChoice.set("finish_reason", last ? choice.get("finish_reason") : null);
                events.add(event(envelope(completion, "text_completion"), textChoice));
            }
        }
        finish(completion, includeUsage, "text_completion", events);
        return events;
    }

    private static void replayChoice(JsonNode completion, JsonNode choice, List<SseEvent> events) {
        int index = choice.path("index").asInt(0);
        JsonNode message = choice.path("message");
        ObjectNode role = Json.object();
        role.put("role", message.path("role").asText("assistant"));
        role.put("content", message.path("content").isTextual() ? "" : null);
        events.add(chunk(completion, index, role, null, null));

        otherFields(completion, index, message, events);
        content(completion, index, message, choice.path("logprobs"), events);
        if (message.path("refusal").isTextual()) {
            textPieces(completion, index, "refusal", message.get("refusal").textValue(), events);
        }
        toolCalls(completion, index, message.path("tool_calls"), events);
        for (String whole : new String[] {"function_call", "annotations", "audio"}) {
            if (message.hasNonNull(whole)) {
                wholeField(completion, index, whole, message.get(whole), events);
            }
        }

        events.add(chunk(completion, index, Json.object(), null, choice.get("finish_reason")));
    }

    /** Replays message fields outside the OpenAI structure, such as {@code reasoning_content}. */
    private static void otherFields(JsonNode completion, int index, JsonNode message, List<SseEvent> events) {
        for (Map.Entry<String, JsonNode> field : message.properties()) {
            if (MESSAGE_STRUCTURE.contains(field.getKey()) || field.getValue().isNull()) {
                continue;
            }
            if (field.getValue().isTextual()) {
                textPieces(completion, index, field.getKey(), field.getValue().textValue(), events);
            } else {
                wholeField(completion, index, field.getKey(), field.getValue(), events);
            }
        }
    }

    private static void wholeField(JsonNode completion, int index, String name, JsonNode value,
                                   List<SseEvent> events) {
        ObjectNode delta = Json.object();
        delta.set(name, value);
        events.add(chunk(completion, index, delta, null, null));
    }

    private static void content(JsonNode completion, int index, JsonNode message, JsonNode logprobs,
                                List<SseEvent> events) {
        if (!message.path("content").isTextual()) {
            return;
        }
        String content = message.get("content").textValue();
        JsonNode tokens = logprobs.path("content");
        if (tokens.isArray() && !tokens.isEmpty() && joinedTokens(tokens).equals(content)) {
            for (JsonNode token : tokens) {
                ObjectNode delta = Json.object();
                delta.put("content", token.path("token").asText());
                ObjectNode chunkLogprobs = Json.object();
                chunkLogprobs.putArray("content").add(token);
                chunkLogprobs.putNull("refusal");
                events.add(chunk(completion, index, delta, chunkLogprobs, null));
            }
            return;
        }
        List<String> pieces = TextPieces.split(content);
        for (int i = 0; i < pieces.size(); i++) {
            ObjectNode delta = Json.object();
            delta.put("content", pieces.get(i));
            JsonNode chunkLogprobs = i == 0 && logprobs.isObject() ? logprobs : null;
            events.add(chunk(completion, index, delta, chunkLogprobs, null));
        }
    }

    private static String joinedTokens(JsonNode tokens) {
        StringBuilder joined = new StringBuilder();
        tokens.forEach(token -> joined.append(token.path("token").asText()));
        return joined.toString();
    }

    private static void textPieces(JsonNode completion, int index, String field, String text,
                                   List<SseEvent> events) {
        for (String piece : TextPieces.split(text)) {
            ObjectNode delta = Json.object();
            delta.put(field, piece);
            events.add(chunk(completion, index, delta, null, null));
        }
    }

    private static void toolCalls(JsonNode completion, int index, JsonNode calls, List<SseEvent> events) {
        int callIndex = 0;
        for (JsonNode call : calls) {
            ObjectNode first = Json.object();
            first.put("index", callIndex);
            first.set("id", call.path("id"));
            first.put("type", call.path("type").asText("function"));
            ObjectNode function = first.putObject("function");
            function.set("name", call.path("function").path("name"));
            function.put("arguments", "");
            events.add(chunk(completion, index, toolDelta(first), null, null));
            for (String piece : TextPieces.split(call.path("function").path("arguments").asText(""))) {
                ObjectNode fragment = Json.object();
                fragment.put("index", callIndex);
                fragment.putObject("function").put("arguments", piece);
                events.add(chunk(completion, index, toolDelta(fragment), null, null));
            }
            callIndex++;
        }
    }

    private static ObjectNode toolDelta(ObjectNode fragment) {
        ObjectNode delta = Json.object();
        delta.putArray("tool_calls").add(fragment);
        return delta;
    }

    private static void finish(JsonNode completion, boolean includeUsage, String object, List<SseEvent> events) {
        if (includeUsage && completion.path("usage").isObject()) {
            ObjectNode usageChunk = envelope(completion, object);
            usageChunk.putArray("choices");
            usageChunk.set("usage", completion.get("usage"));
            events.add(SseEvent.data(Json.string(usageChunk)));
        }
        events.add(SseEvent.done());
    }

    private static SseEvent chunk(JsonNode completion, int index, ObjectNode delta, JsonNode logprobs,
                                  JsonNode finishReason) {
        ObjectNode choice = Json.object();
        choice.put("index", index);
        choice.set("delta", delta);
        choice.set("logprobs", logprobs);
        choice.set("finish_reason", finishReason);
        return event(envelope(completion, "chat.completion.chunk"), choice);
    }

    private static SseEvent event(ObjectNode envelope, ObjectNode choice) {
        ArrayNode choices = envelope.putArray("choices");
        choices.add(choice);
        return SseEvent.data(Json.string(envelope));
    }

    private static ObjectNode envelope(JsonNode completion, String object) {
        ObjectNode chunk = Json.object();
        chunk.set("id", completion.path("id"));
        chunk.put("object", object);
        chunk.set("created", completion.path("created"));
        chunk.set("model", completion.path("model"));
        for (String optional : new String[] {"system_fingerprint", "service_tier"}) {
            if (completion.hasNonNull(optional)) {
                chunk.set(optional, completion.get(optional));
            }
        }
        return chunk;
    }
}
