package io.sluice.gateway.cache;

import com.hazelcast.map.IMap;
import io.sluice.gateway.cluster.RemoveEntryProcessor;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The cluster-wide response cache: a Hazelcast map from cache key to {@link StoredResponse}.
 *
 * <p>Each entry lives on the member that owns its key's partition, with a backup on another member, so every
 * node reads every entry and losing one member loses nothing. Reads and writes are single remote calls to the
 * owner. Entries expire by their own TTL; the map's eviction policy in the Hazelcast YAML bounds the memory.
 */
public final class ResponseCache {

    private final IMap<String, StoredResponse> responses;
    private final IMap<String, StoredEmbedding> embeddings;

    /** Creates the cache over its two maps. */
    public ResponseCache(IMap<String, StoredResponse> responses, IMap<String, StoredEmbedding> embeddings) {
        this.responses = responses;
        this.embeddings = embeddings;
    }

    /** Returns the stored response for a key. */
    public Optional<StoredResponse> get(String key) {
        return Optional.ofNullable(responses.get(key));
    }

    /** Stores a response with its own TTL, replacing any entry under the same key. */
    public void put(String key, StoredResponse response, Duration ttl) {
        responses.set(key, response, ttl.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Returns the embedding cache map, for {@link EmbeddingCache}. */
    IMap<String, StoredEmbedding> embeddings() {
        return embeddings;
    }

    /**
     * Removes every response and embedding entry that matches a filter, on all members.
     *
     * @return how many entries were removed
     * @throws IllegalArgumentException for an empty filter
     */
    public long purge(PurgeFilter filter) {
        if (filter.isEmpty()) {
            throw new IllegalArgumentException("a purge needs a tenant, an alias or a namespace");
        }
        long removed = responses.executeOnEntries(new RemoveEntryProcessor<>(), filter.predicate()).size();
        removed += embeddings.executeOnEntries(new RemoveEntryProcessor<>(), filter.predicate()).size();
        return removed;
    }
}
