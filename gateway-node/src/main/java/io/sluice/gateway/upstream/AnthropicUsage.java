package io.sluice.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.gateway.api.Json;

/**
 * Token counts of one Anthropic response, and their OpenAI {@code usage} form.
 *
 * <p>Anthropic counts prompt tokens in three parts: uncached input, input written to the prompt cache, and input
 * read from it. OpenAI's {@code prompt_tokens} is their sum, and {@code prompt_tokens_details.cached_tokens} is
 * the part read from the cache.
 *
 * @param inputTokens         {@code input_tokens}
 * @param cacheCreationTokens {@code cache_creation_input_tokens}
 * @param cacheReadTokens     {@code cache_read_input_tokens}
 * @param outputTokens        {@code output_tokens}
 */
record AnthropicUsage(long inputTokens, long cacheCreationTokens, long cacheReadTokens, long outputTokens) {

    /** No tokens counted yet. */
    static final AnthropicUsage ZERO = new AnthropicUsage(0, 0, 0, 0);

    /** Reads an Anthropic {@code usage} object, counting missing fields as zero. */
    static AnthropicUsage of(JsonNode usage) {
        return ZERO.update(usage);
    }

    /**
     * Returns these counts with every field present in {@code usage} replaced by its value.
     *
     * <p>Stream {@code message_delta} events carry cumulative counts, so a field they contain replaces the one
     * from {@code message_start} instead of adding to it, and a field they omit keeps its earlier value.
     */
    AnthropicUsage update(JsonNode usage) {
        if (usage == null || !usage.isObject()) {
            return this;
        }
        return new AnthropicUsage(
                count(usage, "input_tokens", inputTokens),
                count(usage, "cache_creation_input_tokens", cacheCreationTokens),
                count(usage, "cache_read_input_tokens", cacheReadTokens),
                count(usage, "output_tokens", outputTokens));
    }

    /** Returns the OpenAI prompt token count: uncached, cache-write and cache-read input together. */
    long promptTokens() {
        return inputTokens + cacheCreationTokens + cacheReadTokens;
    }

    /** Builds the OpenAI {@code usage} object. */
    ObjectNode toOpenAi() {
        ObjectNode usage = Json.object();
        usage.put("prompt_tokens", promptTokens());
        usage.put("completion_tokens", outputTokens);
        usage.put("total_tokens", promptTokens() + outputTokens);
        usage.putObject("prompt_tokens_details").put("cached_tokens", cacheReadTokens);
        return usage;
    }

    private static long count(JsonNode usage, String field, long previous) {
        JsonNode value = usage.get(field);
        return value != null && value.canConvertToLong() && value.isIntegralNumber() ? value.longValue() : previous;
    }
}
