package io.sluice.gateway.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The validated configuration of one gateway node, as loaded by {@link ConfigLoader}.
 *
 * @param server    listener, limits and admin access
 * @param cluster   how the embedded Hazelcast member finds its peers
 * @param cache     response cache defaults
 * @param providers upstream providers, by name
 * @param aliases   the model names clients use, each mapped to a provider and an upstream model
 * @param keys      client keys accepted by this deployment
 * @param telemetry tracing and access log settings
 */
public record GatewayConfig(
        ServerSettings server,
        ClusterSettings cluster,
        CacheSettings cache,
        List<ProviderSettings> providers,
        List<AliasSettings> aliases,
        List<ClientKeySettings> keys,
        TelemetrySettings telemetry) {

    /**
     * The HTTP listener and request limits.
     *
     * @param host           address to bind
     * @param port           port to bind, 0 for an ephemeral port
     * @param maxBodyBytes   largest request body accepted; larger bodies get 413
     * @param requestTimeout deadline for a whole request, stream included
     * @param adminKeySha256 SHA-256 (hex) of the admin key; without one the admin API is disabled
     */
    public record ServerSettings(String host, int port, long maxBodyBytes, Duration requestTimeout,
                                 Optional<String> adminKeySha256) {
    }

    /**
     * The embedded Hazelcast member.
     *
     * @param hazelcastConfig location of the Hazelcast YAML: {@code classpath:...} or a file path
     * @param name            cluster name override
     * @param port            member port override
     * @param members         TCP-IP members override, such as {@code 127.0.0.1:5701}
     * @param minMembers      members that must have joined before the node reports ready
     */
    public record ClusterSettings(String hazelcastConfig, Optional<String> name, Optional<Integer> port,
                                  List<String> members, int minMembers) {
    }

    /**
     * Response cache defaults.
     *
     * @param enabled       master switch
     * @param defaultTtl    time to live of an entry when neither the alias nor the request sets one
     * @param maxTtl        upper bound for a TTL a client asks for
     * @param maxEntryBytes largest response stored; larger ones are served but not cached
     */
    public record CacheSettings(boolean enabled, Duration defaultTtl, Duration maxTtl, int maxEntryBytes) {
    }

    /**
     * One upstream provider.
     *
     * @param name                  name aliases refer to
     * @param dialect               wire format
     * @param baseUri               base URI including the version prefix, such as {@code https://api.openai.com/v1}
     * @param apiKey                provider credential, if the provider needs one
     * @param connectTimeout        TCP connect timeout
     * @param readTimeout           longest silence allowed while reading the response, before and between events
     * @param maxConcurrentRequests requests in flight to this provider from one node; more wait, then get 503
     * @param streamUsage           ask OpenAI-dialect upstreams for a usage chunk on every stream
     * @param anthropicVersion      value of the {@code anthropic-version} header for the Anthropic dialect
     * @param defaultMaxTokens      {@code max_tokens} sent to upstreams that require it when the client set none
     */
    public record ProviderSettings(String name, Dialect dialect, URI baseUri, Optional<Secret> apiKey,
                                   Duration connectTimeout, Duration readTimeout, int maxConcurrentRequests,
                                   boolean streamUsage, String anthropicVersion, int defaultMaxTokens) {
    }

    /**
     * One model alias.
     *
     * @param name          the model name clients send
     * @param provider      provider name
     * @param upstreamModel model name sent to the provider
     * @param cacheMode     which requests may use the cache
     * @param cacheTtl      entry TTL for this alias, if it differs from the default
     * @param ownedBy       {@code owned_by} shown in the model list
     */
    public record AliasSettings(String name, String provider, String upstreamModel, CacheMode cacheMode,
                                Optional<Duration> cacheTtl, String ownedBy) {
    }

    /**
     * One client key.
     *
     * @param id      key id shown in logs, never the secret
     * @param tenant  tenant the key belongs to; cache entries are isolated per tenant
     * @param sha256  SHA-256 (hex) of the key secret
     * @param aliases aliases the key may use; empty means every alias
     */
    public record ClientKeySettings(String id, String tenant, String sha256, Set<String> aliases) {
    }

    /**
     * Tracing and logging.
     *
     * @param serviceName  {@code service.name} resource attribute
     * @param otlpEndpoint OTLP/HTTP traces endpoint, such as {@code http://collector:4318/v1/traces}
     * @param sampleRatio  fraction of new traces recorded, 0 to 1
     * @param accessLog    write one structured line per request
     */
    public record TelemetrySettings(String serviceName, Optional<URI> otlpEndpoint, double sampleRatio,
                                    boolean accessLog) {
    }
}
