package io.sluice.gateway;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import io.sluice.gateway.api.Json;
import io.sluice.gateway.auth.Authenticator;
import io.sluice.gateway.auth.StaticKeyStore;
import io.sluice.gateway.cache.CachePolicy;
import io.sluice.gateway.cache.ResponseCache;
import io.sluice.gateway.cluster.ClusterMember;
import io.sluice.gateway.config.Dialect;
import io.sluice.gateway.config.GatewayConfig;
import io.sluice.gateway.config.GatewayConfig.ProviderSettings;
import io.sluice.gateway.http.NodeServer;
import io.sluice.gateway.pipeline.Gateway;
import io.sluice.gateway.routing.AliasRegistry;
import io.sluice.gateway.telemetry.AccessLog;
import io.sluice.gateway.telemetry.Telemetry;
import io.sluice.gateway.upstream.AnthropicConnector;
import io.sluice.gateway.upstream.OpenAiConnector;
import io.sluice.gateway.upstream.UpstreamConnector;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One running gateway node: its Hazelcast member, its policy components and its web server.
 *
 * <p>The member starts first, so the node only accepts requests once it has joined its cluster.
 */
public final class SluiceNode implements AutoCloseable {

    private static final System.Logger LOGGER = System.getLogger(SluiceNode.class.getName());

    private final GatewayConfig config;
    private final HazelcastInstance member;
    private final Telemetry telemetry;
    private final NodeServer server;

    private SluiceNode(GatewayConfig config, HazelcastInstance member, Telemetry telemetry, NodeServer server) {
        this.config = config;
        this.member = member;
        this.telemetry = telemetry;
        this.server = server;
    }

    /** Starts a node from configuration, exporting traces to the configured OTLP endpoint, if any. */
    public static SluiceNode start(GatewayConfig config) {
        return start(config, Telemetry.create(config.telemetry()), member -> { });
    }

    /**
     * Starts a node with the given telemetry and a last change to the Hazelcast configuration.
     *
     * @param memberCustomizer applied to the Hazelcast configuration before the member starts
     */
    public static SluiceNode start(GatewayConfig config, Telemetry telemetry, Consumer<Config> memberCustomizer) {
        HazelcastInstance member = ClusterMember.start(config.cluster(), memberCustomizer);
        try {
            ResponseCache cache = new ResponseCache(member.getMap(ClusterMember.RESPONSES_MAP),
                    member.getMap(ClusterMember.EMBEDDINGS_MAP));
            Gateway gateway = new Gateway(new Authenticator(new StaticKeyStore(config.keys())),
                    new AliasRegistry(config, java.time.Instant.now()), new CachePolicy(config.cache()), cache,
                    config.cache(), connectors(config), telemetry, Clock.systemUTC());
            int minMembers = config.cluster().minMembers();
            NodeServer server = NodeServer.start(config.server(), gateway,
                    new AccessLog(config.telemetry().accessLog()),
                    () -> member.getLifecycleService().isRunning()
                            && member.getCluster().getMembers().size() >= minMembers,
                    () -> clusterState(member));
            LOGGER.log(System.Logger.Level.INFO, "Sluice node listening on http://" + config.server().host() + ":"
                    + server.port() + " in cluster '" + member.getConfig().getClusterName() + "' with "
                    + member.getCluster().getMembers().size() + " member(s)");
            return new SluiceNode(config, member, telemetry, server);
        } catch (RuntimeException e) {
            member.shutdown();
            telemetry.close();
            throw e;
        }
    }

    private static Map<String, UpstreamConnector> connectors(GatewayConfig config) {
        Map<String, UpstreamConnector> connectors = new HashMap<>();
        for (ProviderSettings provider : config.providers()) {
            UpstreamConnector connector = provider.dialect() == Dialect.ANTHROPIC
                    ? new AnthropicConnector(provider) : new OpenAiConnector(provider);
            connectors.put(provider.name(), connector);
        }
        return connectors;
    }

    private static ObjectNode clusterState(HazelcastInstance member) {
        ObjectNode state = Json.object();
        boolean running = member.getLifecycleService().isRunning();
        state.put("cluster", running ? member.getConfig().getClusterName() : null);
        state.put("members", running ? member.getCluster().getMembers().size() : 0);
        return state;
    }

    /** Returns the HTTP port. */
    public int port() {
        return server.port();
    }

    /** Returns the embedded Hazelcast member. */
    public HazelcastInstance member() {
        return member;
    }

    /** Returns the configuration the node runs with. */
    public GatewayConfig config() {
        return config;
    }

    /** Stops the web server, then leaves the cluster, then flushes traces. */
    @Override
    public void close() {
        server.close();
        member.shutdown();
        telemetry.close();
        LOGGER.log(System.Logger.Level.INFO, "Sluice node stopped");
    }
}
