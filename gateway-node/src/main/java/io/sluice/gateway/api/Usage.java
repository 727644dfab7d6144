package io.sluice.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Token counts of one response, from an OpenAI {@code usage} object.
 *
 * @param promptTokens     {@code prompt_tokens}
 * @param completionTokens {@code completion_tokens}
 */
public record Usage(long promptTokens, long completionTokens) {

    /** No usage known. */
    public static final Usage NONE = new Usage(0, 0);

    /** Reads a {@code usage} object; a missing or malformed one counts as zero. */
    public static Usage of(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return NONE;
        }
        return new Usage(usage.path("prompt_tokens").asLong(0), usage.path("completion_tokens").asLong(0));
    }

    /** Returns the sum of prompt and completion tokens. */
    public long totalTokens() {
        return promptTokens + completionTokens;
    }

    /** Adds two usages. */
    public Usage plus(Usage other) {
        return new Usage(promptTokens + other.promptTokens, completionTokens + other.completionTokens);
    }
}
