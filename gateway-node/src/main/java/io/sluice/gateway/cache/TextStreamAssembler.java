package io.sluice.gateway.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.gateway.api.Json;
import io.sluice.gateway.api.Usage;
import java.util.Map;
import java.util.TreeMap;

/**
 * Rebuilds a legacy {@code text_completion} object from its stream, whose chunks share the non-stream shape:
 * {@code text} fragments and the {@code logprobs} arrays are concatenated per choice.
 */
public final class TextStreamAssembler implements StreamAssembler {

    private static final String[] LOGPROB_ARRAYS = {"tokens", "token_logprobs", "top_logprobs", "text_offset"};

    private final Map<Integer, ChoiceState> choices = new TreeMap<>();
    private final ObjectNode envelope = Json.object();
    private JsonNode usage;

    @Override
    public void track(JsonNode chunk) {
        if (chunk.path("usage").isObject()) {
            usage = chunk.get("usage");
        }
        for (JsonNode choice : chunk.path("choices")) {
            ChoiceState state = choices.computeIfAbsent(choice.path("index").asInt(0), ChoiceState::new);
            if (choice.path("finish_reason").isTextual()) {
                state.finishReason = choice.get("finish_reason").textValue();
            }
        }
    }

    @Override
    public int choiceCount() {
        return choices.size();
    }

    @Override
    public void accept(JsonNode chunk) {
        for (String field : new String[] {"id", "created", "model", "system_fingerprint"}) {
            if (chunk.hasNonNull(field) && !envelope.has(field)) {
                envelope.set(field, chunk.get(field));
            }
        }
        if (chunk.path("usage").isObject()) {
            usage = chunk.get("usage");
        }
        for (JsonNode choice : chunk.path("choices")) {
            choices.computeIfAbsent(choice.path("index").asInt(0), ChoiceState::new).accept(choice);
        }
    }

    @Override
    public boolean complete() {
        return !choices.isEmpty() && choices.values().stream().allMatch(choice -> choice.finishReason != null);
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
        completion.put("object", "text_completion");
        completion.set("created", envelope.path("created"));
        completion.set("model", envelope.path("model"));
        if (envelope.has("system_fingerprint")) {
            completion.set("system_fingerprint", envelope.get("system_fingerprint"));
        }
        ArrayNode array = completion.putArray("choices");
        choices.values().forEach(choice -> array.add(choice.toJson()));
        if (usage != null) {
            completion.set("usage", usage);
        }
        return completion;
    }

    /** Accumulated state of one choice. */
    private static final class ChoiceState {

        private final int index;
        private final StringBuilder text = new StringBuilder();
        private ObjectNode logprobs;
        private String finishReason;

        ChoiceState(int index) {
            this.index = index;
        }

        void accept(JsonNode choice) {
            if (choice.path("text").isTextual()) {
                text.append(choice.get("text").textValue());
            }
            JsonNode chunkLogprobs = choice.get("logprobs");
            if (chunkLogprobs != null && chunkLogprobs.isObject()) {
                if (logprobs == null) {
                    logprobs = Json.object();
                    for (String name : LOGPROB_ARRAYS) {
                        logprobs.putArray(name);
                    }
                }
                for (String name : LOGPROB_ARRAYS) {
                    if (chunkLogprobs.path(name).isArray()) {
                        ((ArrayNode) logprobs.get(name)).addAll((ArrayNode) chunkLogprobs.get(name));
                    }
                }
            }
            if (choice.path("finish_reason").isTextual()) {
                finishReason = choice.get("finish_reason").textValue();
            }
        }

        ObjectNode toJson() {
            ObjectNode choice = Json.object();
            choice.put("text", text.toString());
            choice.put("index", index);
            choice.set("logprobs", logprobs);
            choice.put("finish_reason", finishReason);
            return choice;
        }
    }
}
