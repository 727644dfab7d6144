package io.sluice.gateway.api;

/** The OpenAI endpoints Sluice serves, with the path each has below an upstream's base URI. */
public enum Endpoint {
    /** {@code POST /v1/chat/completions}. */
    CHAT_COMPLETIONS("/chat/completions", "chat"),
    /** {@code POST /v1/completions}, the legacy text completion endpoint. */
    COMPLETIONS("/completions", "completions"),
    /** {@code POST /v1/embeddings}. */
    EMBEDDINGS("/embeddings", "embeddings");

    private final String upstreamPath;
    private final String label;

    Endpoint(String upstreamPath, String label) {
        this.upstreamPath = upstreamPath;
        this.label = label;
    }

    /** Returns the path appended to a provider's base URI, such as {@code /chat/completions}. */
    public String upstreamPath() {
        return upstreamPath;
    }

    /** Returns the short name used in logs, span attributes and cache entries. */
    public String label() {
        return label;
    }
}
