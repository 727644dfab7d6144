package io.sluice.gateway.cache;

import java.util.Objects;

/**
 * A complete, successful response kept in the response cache, always in the non-stream JSON form; stream
 * callers get it replayed as events.
 *
 * @param tenant           tenant the entry belongs to
 * @param alias            alias it was served for
 * @param namespace        client namespace, empty for none
 * @param endpoint         endpoint label, such as {@code chat}
 * @param body             the response JSON, as the upstream sent it or as assembled from its stream
 * @param createdAtMillis  when it was stored, epoch milliseconds
 * @param promptTokens     {@code usage.prompt_tokens} of the original response
 * @param completionTokens {@code usage.completion_tokens} of the original response
 */
public record StoredResponse(String tenant, String alias, String namespace, String endpoint, byte[] body,
                             long createdAtMillis, long promptTokens, long completionTokens) {

    /** Validates the components. */
    public StoredResponse {
        Objects.requireNonNull(tenant, "tenant");
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(body, "body");
    }
}
