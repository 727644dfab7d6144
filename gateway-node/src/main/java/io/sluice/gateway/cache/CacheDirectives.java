package io.sluice.gateway.cache;

import java.time.Duration;

/**
 * The permissions the response cache has for one request.
 *
 * @param lookup    serve from the cache if an entry exists
 * @param store     store a complete successful response
 * @param ttl       time to live of a stored entry
 * @param namespace the client's namespace, part of the key; empty when none was sent
 */
public record CacheDirectives(boolean lookup, boolean store, Duration ttl, String namespace) {

    /** Directives that keep the cache out of the request entirely. */
    public static CacheDirectives bypass() {
        return new CacheDirectives(false, false, Duration.ZERO, "");
    }

    /** Tells whether the cache takes part in the request at all, so a key has to be computed. */
    public boolean involved() {
        return lookup || store;
    }
}
