package io.sluice.gateway.config;

/** The wire format an upstream provider speaks. */
public enum Dialect {
    /** The OpenAI REST API, also spoken by vLLM, Ollama, LM Studio and most self-hosted servers. */
    OPENAI,
    /** The Anthropic Messages API. */
    ANTHROPIC
}
