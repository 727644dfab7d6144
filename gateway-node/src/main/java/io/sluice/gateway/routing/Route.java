package io.sluice.gateway.routing;

import io.sluice.gateway.config.CacheMode;
import io.sluice.gateway.config.GatewayConfig.ProviderSettings;
import java.time.Duration;
import java.util.Optional;

/**
 * The destination of requests for one alias.
 *
 * @param alias         the model name the client sent
 * @param provider      the upstream provider
 * @param upstreamModel the model name sent upstream
 * @param cacheMode     which requests may use the response cache
 * @param cacheTtl      the alias's own entry TTL, if set
 * @param ownedBy       {@code owned_by} in the model list
 * @param createdEpochSeconds {@code created} in the model list
 */
public record Route(String alias, ProviderSettings provider, String upstreamModel, CacheMode cacheMode,
                    Optional<Duration> cacheTtl, String ownedBy, long createdEpochSeconds) {
}
