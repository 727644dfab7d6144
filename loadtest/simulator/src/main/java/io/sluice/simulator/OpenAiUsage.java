package io.sluice.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** The OpenAI {@code usage} object of generated chat and legacy completions. */
final class OpenAiUsage {

    private OpenAiUsage() {
    }

    /** Creates {@code {"prompt_tokens","completion_tokens","total_tokens"}} with zeroed detail objects. */
    static ObjectNode of(int promptTokens, int completionTokens) {
        ObjectNode usage = Json.object();
        usage.put("prompt_tokens", promptTokens);
        usage.put("completion_tokens", completionTokens);
        usage.put("total_tokens", promptTokens + completionTokens);
        usage.putObject("prompt_tokens_details").put("cached_tokens", 0);
        usage.putObject("completion_tokens_details").put("reasoning_tokens", 0);
        return usage;
    }
}
