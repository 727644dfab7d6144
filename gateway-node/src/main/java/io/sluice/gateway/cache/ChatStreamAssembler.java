package io.sluice.gateway.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.gateway.api.Json;
import io.sluice.gateway.api.Usage;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rebuilds a {@code chat.completion} object from the {@code chat.completion.chunk} events of a stream, the way
 * the OpenAI SDKs accumulate them.
 *
 * <p>Per choice, {@code content} and {@code refusal} fragments are concatenated, tool calls are accumulated by
 * their {@code index} (id, type and name from the first fragment, arguments concatenated), and any other string
 * field of the delta, such as {@code reasoning_content}, is concatenated under its own name so that it survives
 * a replay. Log probabilities are concatenated. The response is complete once every choice that appeared has a
 * {@code finish_reason}.
 */
public final class ChatStreamAssembler implements StreamAssembler {

    private final Map<Integer, ChoiceState> choices = new TreeMap<>();
    private final ObjectNode envelope = Json.object();
    private JsonNode usage;

    @Override
    public void accept(JsonNode chunk) {
        read(chunk, true);
    }

    @Override
    public void track(JsonNode chunk) {
        read(chunk, false);
    }

    @Override
    public int choiceCount() {
        return choices.size();
    }

    private void read(JsonNode chunk, boolean keepContent) {
        copyEnvelope(chunk);
        JsonNode chunkUsage = chunk.get("usage");
        if (chunkUsage != null && chunkUsage.isObject()) {
            usage = chunkUsage;
        }
        for (JsonNode choice : chunk.path("choices")) {
            int index = choice.path("index").asInt(0);
            ChoiceState state = choices.computeIfAbsent(index, ChoiceState::new);
            if (keepContent) {
                state.accept(choice);
            } else {
                state.acceptFinishReason(choice);
            }
        }
    }

    @Override
    public boolean complete() {
        if (choices.isEmpty()) {
            return false;
        }
        for (ChoiceState choice : choices.values()) {
            if (choice.finishReason == null) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean started() {
        return !choices.isEmpty();
    }

    @Override
    public Usage usage() {
        return Usage.of(usage);
    }

    @Override
    public ObjectNode result() {
        ObjectNode completion = Json.object();
        completion.set("id", envelope.path("id"));
        completion.put("object", "chat.completion");
        completion.set("created", envelope.path("created"));
        completion.set("model", envelope.path("model"));
        ArrayNode array = completion.putArray("choices");
        for (ChoiceState choice : choices.values()) {
            array.add(choice.toJson());
        }
        if (usage != null) {
            completion.set("usage", usage);
        }
        for (String optional : new String[] {"system_fingerprint", "service_tier"}) {
            if (envelope.hasNonNull(optional)) {
                completion.set(optional, envelope.get(optional));
            }
        }
        return completion;
    }

    private void copyEnvelope(JsonNode chunk) {
        for (String field : new String[] {"id", "created", "model", "system_fingerprint", "service_tier"}) {
            JsonNode value = chunk.get(field);
            if (value != null && !value.isNull() && !envelope.has(field)) {
                envelope.set(field, value);
            }
        }
    }

    /** Accumulated state of one choice. */
    private static final class ChoiceState {

        private final int index;
        private String role = "assistant";
        private StringBuilder content;
        private StringBuilder refusal;
        private final Map<String, StringBuilder> otherText = new LinkedHashMap<>();
        private final Map<String, JsonNode> otherValues = new LinkedHashMap<>();
        private final Map<Integer, ToolCallState> toolCalls = new TreeMap<>();
        private ToolCallState functionCall;
        private ArrayNode contentLogprobs;
        private ArrayNode refusalLogprobs;
        private String finishReason;

        ChoiceState(int index) {
            this.index = index;
        }

        void accept(JsonNode choice) {
            JsonNode delta = choice.path("delta");
            for (Map.Entry<String, JsonNode> field : delta.properties()) {
                acceptDeltaField(field.getKey(), field.getValue());
            }
            JsonNode logprobs = choice.get("logprobs");
            if (logprobs != null && logprobs.isObject()) {
                contentLogprobs = appendAll(contentLogprobs, logprobs.get("content"));
                refusalLogprobs = appendAll(refusalLogprobs, logprobs.get("refusal"));
            }
            acceptFinishReason(choice);
        }

        void acceptFinishReason(JsonNode choice) {
            JsonNode finish = choice.get("finish_reason");
            if (finish != null && finish.isTextual()) {
                finishReason = finish.textValue();
            }
        }

        private void acceptDeltaField(String name, JsonNode value) {
            switch (name) {
                case "role" -> role = value.isTextual() ? value.textValue() : role;
                case "content" -> content = append(content, value);
                case "refusal" -> refusal = append(refusal, value);
                case "tool_calls" -> {
                    int position = 0;
                    for (JsonNode fragment : value) {
                        int callIndex = fragment.path("index").asInt(position++);
                        toolCalls.computeIfAbsent(callIndex, ToolCallState::new).accept(fragment);
                    }
                }
                case "function_call" -> {
                    if (functionCall == null) {
                        functionCall = new ToolCallState(0);
                    }
                    functionCall.acceptFunction(value);
                }
                default -> {
                    if (value.isTextual()) {
                        otherText.computeIfAbsent(name, key -> new StringBuilder()).append(value.textValue());
                    } else if (!value.isNull()) {
                        otherValues.put(name, value);
                    }
                }
            }
        }

        ObjectNode toJson() {
            ObjectNode message = Json.object();
            message.put("role", role);
            message.put("content", content == null ? null : content.toString());
            message.put("refusal", refusal == null ? null : refusal.toString());
            otherText.forEach((name, text) -> message.put(name, text.toString()));
            otherValues.forEach(message::set);
            if (!toolCalls.isEmpty()) {
                ArrayNode calls = message.putArray("tool_calls");
                toolCalls.values().forEach(call -> calls.add(call.toToolCall()));
            }
            if (functionCall != null) {
                message.set("function_call", functionCall.toFunction());
            }
            ObjectNode choice = Json.object();
            choice.put("index", index);
            choice.set("message", message);
            if (contentLogprobs != null || refusalLogprobs != null) {
                ObjectNode logprobs = choice.putObject("logprobs");
                logprobs.set("content", contentLogprobs);
                logprobs.set("refusal", refusalLogprobs);
            } else {
                choice.putNull("logprobs");
            }
            choice.put("finish_reason", finishReason);
            return choice;
        }

        private static StringBuilder append(StringBuilder builder, JsonNode value) {
            if (!value.isTextual()) {
                return builder;
            }
            StringBuilder target = builder == null ? new StringBuilder() : builder;
            return target.append(value.textValue());
        }

        private static ArrayNode appendAll(ArrayNode target, JsonNode items) {
            if (items == null || !items.isArray()) {
                return target;
            }
            ArrayNode result = target == null ? Json.mapper().createArrayNode() : target;
            result.addAll((ArrayNode) items);
            return result;
        }
    }

    /** Accumulated state of one tool call, or of a legacy function call. */
    private static final class ToolCallState {

        private String id;
        private String type;
        private String name;
        private final StringBuilder arguments = new StringBuilder();

        ToolCallState(int index) {
            // The index orders calls in the map that contains this state, so the state itself does not need it.
        }

        void accept(JsonNode fragment) {
            if (id == null && fragment.path("id").isTextual()) {
                id = fragment.get("id").textValue();
            }
            if (type == null && fragment.path("type").isTextual()) {
                type = fragment.get("type").textValue();
            }
            acceptFunction(fragment.path("function"));
        }

        void acceptFunction(JsonNode function) {
            if (name == null && function.path("name").isTextual()) {
                name = function.get("name").textValue();
            }
            if (function.path("arguments").isTextual()) {
                arguments.append(function.get("arguments").textValue());
            }
        }

        ObjectNode toToolCall() {
            ObjectNode call = Json.object();
            call.put("id", id);
            call.put("type", type == null ? "function" : type);
            call.set("function", toFunction());
            return call;
        }

        ObjectNode toFunction() {
            ObjectNode function = Json.object();
            function.put("name", name);
            function.put("arguments", arguments.toString());
            return function;
        }
    }
}
