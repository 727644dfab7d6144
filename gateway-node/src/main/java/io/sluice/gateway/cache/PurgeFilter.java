package io.sluice.gateway.cache;

import com.hazelcast.query.Predicate;
import com.hazelcast.query.Predicates;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The selection of cache entries an admin purge removes: those matching every field given.
 *
 * @param tenant    entries of this tenant
 * @param alias     entries stored for this alias
 * @param namespace entries stored under this client namespace
 */
public record PurgeFilter(Optional<String> tenant, Optional<String> alias, Optional<String> namespace) {

    /** Tells whether no field is set; such a filter would match everything and is rejected. */
    public boolean isEmpty() {
        return tenant.isEmpty() && alias.isEmpty() && namespace.isEmpty();
    }

    /** Returns the Hazelcast predicate over the stored values' {@code tenant}, {@code alias}, {@code namespace}. */
    <V> Predicate<String, V> predicate() {
        List<Predicate<String, V>> parts = new ArrayList<>();
        tenant.ifPresent(value -> parts.add(Predicates.equal("tenant", value)));
        alias.ifPresent(value -> parts.add(Predicates.equal("alias", value)));
        namespace.ifPresent(value -> parts.add(Predicates.equal("namespace", value)));
        @SuppressWarnings("unchecked")
        Predicate<String, V>[] array = parts.toArray(new Predicate[0]);
        return parts.size() == 1 ? parts.get(0) : Predicates.and(array);
    }
}
