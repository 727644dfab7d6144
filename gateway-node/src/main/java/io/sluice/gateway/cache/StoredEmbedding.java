package io.sluice.gateway.cache;

import java.util.Objects;

/**
 * One embedding vector kept in the embedding cache, stored per input item.
 *
 * @param tenant          tenant the entry belongs to
 * @param alias           alias it was computed for
 * @param namespace       client namespace, empty for none
 * @param vector          the embedding, as float32 values
 * @param promptTokens    this item's share of the upstream's {@code usage.prompt_tokens}
 * @param createdAtMillis when it was stored, epoch milliseconds
 */
public record StoredEmbedding(String tenant, String alias, String namespace, float[] vector, long promptTokens,
                              long createdAtMillis) {

    /** Validates the components. */
    public StoredEmbedding {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(vector, "vector");
    }
}
