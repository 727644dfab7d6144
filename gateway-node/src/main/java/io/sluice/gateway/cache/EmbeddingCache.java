package io.sluice.gateway.cache;

import com.hazelcast.map.IMap;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The cluster-wide embedding cache: one entry per input item, keyed by tenant, alias, namespace, dimensions and
 * the item's content, so a batch whose items were seen before sends only the others upstream.
 */
public final class EmbeddingCache {

    private final IMap<String, StoredEmbedding> map;

    /** Creates the cache over the embeddings map of a response cache. */
    public EmbeddingCache(ResponseCache cache) {
        this.map = cache.embeddings();
    }

    /** Returns the stored vectors for the keys that have one, in one call per owning member. */
    public Map<String, StoredEmbedding> getAll(Set<String> keys) {
        return map.getAll(keys);
    }

    /** Stores vectors, each with the same TTL. */
    public void putAll(Map<String, StoredEmbedding> entries, Duration ttl) {
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (Map.Entry<String, StoredEmbedding> entry : entries.entrySet()) {
            writes.add(map.setAsync(entry.getKey(), entry.getValue(), ttl.toMillis(), TimeUnit.MILLISECONDS)
                    .toCompletableFuture());
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
    }
}
