package io.sluice.simulator;

import java.util.List;
import java.util.Objects;

/**
 * Settings of one simulator instance.
 *
 * @param host address to bind, such as {@code 127.0.0.1}
 * @param port port to bind, or 0 for a free ephemeral port
 * @param apiKey key that clients must send ({@code Authorization: Bearer} on OpenAI paths, {@code x-api-key} on
 *     {@code /v1/messages}), or empty to accept any credential
 * @param latencyMillis wait before the status line of a generated reply
 * @param ttftMillis wait before the first event of a generated stream (time to first token)
 * @param chunkDelayMillis wait between the content events of a generated stream
 * @param embeddingDimensions vector length when an embeddings request sets no {@code dimensions}
 * @param completionWords words in every uncapped generated reply, or 0 for a length from 8 to 31 derived from
 *     the request
 * @param models model ids that {@code GET /v1/models} lists; requests may still name any model
 * @param maxRecordedRequests calls kept for {@code /_sim/requests}; older ones are dropped
 * @param maxRequestBytes maximum request body size in bytes, above which requests get 413
 * @param maxHeaderBytes maximum size in bytes of the request line plus headers, above which requests get 431
 */
public record SimulatorOptions(
        String host,
        int port,
        String apiKey,
        long latencyMillis,
        long ttftMillis,
        long chunkDelayMillis,
        int embeddingDimensions,
        int completionWords,
        List<String> models,
        int maxRecordedRequests,
        int maxRequestBytes,
        int maxHeaderBytes) {

    /** Default model ids of {@code GET /v1/models}. */
    public static final List<String> DEFAULT_MODELS = List.of("fu-model", "fu-model-2", "fu-embedding");

    /** Validates the options. The exception message names the option, the value and the rule. */
    public SimulatorOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(apiKey, "apiKey");
        models = List.copyOf(models);
        check(!host.isBlank(), "host", host, "a host name or address");
        check(port >= 0 && port <= 65_535, "port", port, "0..65535");
        check(latencyMillis >= 0, "latency-ms", latencyMillis, ">= 0");
        check(ttftMillis >= 0, "ttft-ms", ttftMillis, ">= 0");
        check(chunkDelayMillis >= 0, "chunk-delay-ms", chunkDelayMillis, ">= 0");
        check(embeddingDimensions >= 1 && embeddingDimensions <= 65_536, "embedding-dimensions",
                embeddingDimensions, "1..65536");
        check(completionWords >= 0 && completionWords <= 1_000_000, "completion-words", completionWords,
                "0..1000000");
        check(maxRecordedRequests >= 1, "max-recorded-requests", maxRecordedRequests, ">= 1");
        check(maxRequestBytes >= 1024, "max-request-bytes", maxRequestBytes, ">= 1024");
        check(maxHeaderBytes >= 1024, "max-header-bytes", maxHeaderBytes, ">= 1024");
    }

    /** Returns the defaults: 127.0.0.1, an ephemeral port, no key, no delays, 16 dimensions. */
    public static SimulatorOptions defaults() {
        return builder().build();
    }

    /** Returns a builder that starts from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Returns a builder that starts from these options. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Returns the pacing of generated replies. */
    Pacing pacing() {
        return new Pacing(latencyMillis, ttftMillis, chunkDelayMillis);
    }

    private static void check(boolean valid, String name, Object value, String rule) {
        if (!valid) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: " + rule + ")");
        }
    }

    /** Builder for {@link SimulatorOptions}. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port;
        private String apiKey = "";
        private long latencyMillis;
        private long ttftMillis;
        private long chunkDelayMillis;
        private int embeddingDimensions = 16;
        private int completionWords;
        private List<String> models = DEFAULT_MODELS;
        private int maxRecordedRequests = 10_000;
        private int maxRequestBytes = 64 << 20;
        private int maxHeaderBytes = 64 << 10;

        private Builder() {
        }

        private Builder(SimulatorOptions options) {
            host = options.host;
            port = options.port;
            apiKey = options.apiKey;
            latencyMillis = options.latencyMillis;
            ttftMillis = options.ttftMillis;
            chunkDelayMillis = options.chunkDelayMillis;
            embeddingDimensions = options.embeddingDimensions;
            completionWords = options.completionWords;
            models = options.models;
            maxRecordedRequests = options.maxRecordedRequests;
            maxRequestBytes = options.maxRequestBytes;
            maxHeaderBytes = options.maxHeaderBytes;
        }

        /** Sets the address to bind. */
        public Builder host(String value) {
            host = value;
            return this;
        }

        /** Sets the port to bind, or 0 for a free port. */
        public Builder port(int value) {
            port = value;
            return this;
        }

        /** Sets the key that clients must send, or empty to accept any credential. */
        public Builder apiKey(String value) {
            apiKey = value;
            return this;
        }

        /** Sets the wait before the status line of a generated reply, in milliseconds. */
        public Builder latencyMillis(long value) {
            latencyMillis = value;
            return this;
        }

        /** Sets the wait before the first event of a generated stream, in milliseconds. */
        public Builder ttftMillis(long value) {
            ttftMillis = value;
            return this;
        }

        /** Sets the wait between content events of a generated stream, in milliseconds. */
        public Builder chunkDelayMillis(long value) {
            chunkDelayMillis = value;
            return this;
        }

        /** Sets the vector length used when an embeddings request sets no {@code dimensions}. */
        public Builder embeddingDimensions(int value) {
            embeddingDimensions = value;
            return this;
        }

        /** Sets the words of every uncapped generated reply, or 0 to derive a length from 8 to 31 from the request. */
        public Builder completionWords(int value) {
            completionWords = value;
            return this;
        }

        /** Sets the model ids that {@code GET /v1/models} lists. */
        public Builder models(List<String> value) {
            models = value;
            return this;
        }

        /** Sets how many calls are kept for {@code /_sim/requests}. */
        public Builder maxRecordedRequests(int value) {
            maxRecordedRequests = value;
            return this;
        }

        /** Sets the maximum request body size in bytes. */
        public Builder maxRequestBytes(int value) {
            maxRequestBytes = value;
            return this;
        }

        /** Sets the maximum size in bytes of the request line plus headers. */
        public Builder maxHeaderBytes(int value) {
            maxHeaderBytes = value;
            return this;
        }

        /** Builds the options, throwing {@link IllegalArgumentException} when one is out of range. */
        public SimulatorOptions build() {
            return new SimulatorOptions(host, port, apiKey, latencyMillis, ttftMillis, chunkDelayMillis,
                    embeddingDimensions, completionWords, models, maxRecordedRequests, maxRequestBytes,
                    maxHeaderBytes);
        }
    }
}
