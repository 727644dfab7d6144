package io.sluice.gateway.pipeline;

import io.sluice.gateway.api.Endpoint;
import io.sluice.gateway.auth.ClientKey;
import io.sluice.gateway.cache.CacheDirectives;
import io.sluice.gateway.cache.StoredResponse;
import io.sluice.gateway.routing.Route;

/**
 * Stores one request's response in the response cache once it is known to be complete.
 *
 * <p>The write happens before the client receives the end of the response (the JSON body, or the stream's
 * {@code [DONE]}), so a client that repeats a request right after a response always finds it. A failed write
 * is logged and the response is still served.
 */
final class CacheWriter {

    static final CacheWriter DISABLED = new CacheWriter(null, null, null, null, null, null);

    private static final System.Logger LOGGER = System.getLogger(CacheWriter.class.getName());

    private final Gateway gateway;
    private final String key;
    private final CacheDirectives directives;
    private final ClientKey clientKey;
    private final Route route;
    private final Endpoint endpoint;

    CacheWriter(Gateway gateway, String key, CacheDirectives directives, ClientKey clientKey, Route route,
                Endpoint endpoint) {
        this.gateway = gateway;
        this.key = key;
        this.directives = directives;
        this.clientKey = clientKey;
        this.route = route;
        this.endpoint = endpoint;
    }

    boolean enabled() {
        return gateway != null;
    }

    /** Stores a complete answer's JSON body, unless writing is disabled or the body is over the size limit. */
    void store(byte[] body, RequestContext context) {
        if (!enabled() || body.length > gateway.cacheSettings().maxEntryBytes()) {
            return;
        }
        StoredResponse entry = new StoredResponse(clientKey.tenant(), route.alias(), directives.namespace(),
                endpoint.label(), body, gateway.clock().millis(), context.usagePromptTokens(),
                context.usageCompletionTokens());
        try {
            gateway.traced("sluice.cache.store", () -> {
                gateway.cache().put(key, entry, directives.ttl());
                return null;
            });
        } catch (RuntimeException e) {
            LOGGER.log(System.Logger.Level.WARNING, "Cache write failed for request " + context.requestId()
                    + "; the answer is served but not cached", e);
        }
    }
}
