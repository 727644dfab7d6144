package io.sluice.gateway.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.InvalidConfigurationException;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.YamlConfigBuilder;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import io.sluice.gateway.config.GatewayConfig.ClusterSettings;
import io.sluice.gateway.config.InvalidConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Builds and starts the embedded Hazelcast member from the Hazelcast YAML that {@code cluster.hazelcast-config}
 * names, with the gateway's overrides applied on top.
 *
 * <p>Whatever the YAML sets, phone-home is off, Hazelcast logs through {@code java.util.logging}, and Sluice's
 * serializers are registered, so that every value and processor crossing members uses Compact or
 * {@code IdentifiedDataSerializable} serialization rather than Java serialization.
 */
public final class ClusterMember {

    /** Name of the response cache map. */
    public static final String RESPONSES_MAP = "sluice-responses";
    /** Name of the embedding cache map. */
    public static final String EMBEDDINGS_MAP = "sluice-embeddings";

    private static final String CLASSPATH_PREFIX = "classpath:";

    private ClusterMember() {
    }

    /** Builds the member configuration without starting anything. */
    public static Config configuration(ClusterSettings settings) {
        Config config = load(settings.hazelcastConfig());
        settings.name().ifPresent(config::setClusterName);
        settings.port().ifPresent(port -> config.getNetworkConfig().setPort(port));
        if (!settings.members().isEmpty()) {
            JoinConfig join = config.getNetworkConfig().getJoin();
            join.getMulticastConfig().setEnabled(false);
            join.getAutoDetectionConfig().setEnabled(false);
            join.getKubernetesConfig().setEnabled(false);
            join.getTcpIpConfig().setEnabled(true).setMembers(settings.members());
        }
        config.setProperty("hazelcast.phone.home.enabled", "false");
        config.setProperty("hazelcast.logging.type", "jdk");
        config.setProperty("hazelcast.shutdownhook.enabled", "false");
        config.getSerializationConfig().addDataSerializableFactory(SluiceSerializables.FACTORY_ID,
                new SluiceSerializables());
        config.getSerializationConfig().getCompactSerializationConfig()
                .addSerializer(new StoredResponseSerializer())
                .addSerializer(new StoredEmbeddingSerializer());
        return config;
    }

    /**
     * Starts a member.
     *
     * @param customizer last changes before start, for tests that register extra test types
     */
    public static HazelcastInstance start(ClusterSettings settings, Consumer<Config> customizer) {
        Config config = configuration(settings);
        customizer.accept(config);
        return Hazelcast.newHazelcastInstance(config);
    }

    private static Config load(String location) {
        try (InputStream in = open(location)) {
            return new YamlConfigBuilder(in).build();
        } catch (IOException | InvalidConfigurationException e) {
            throw new InvalidConfigException("cluster.hazelcast-config", location,
                    "a readable Hazelcast YAML file (" + e.getMessage() + ")");
        }
    }

    private static InputStream open(String location) throws IOException {
        if (location.startsWith(CLASSPATH_PREFIX)) {
            String resource = location.substring(CLASSPATH_PREFIX.length());
            InputStream in = ClusterMember.class.getClassLoader().getResourceAsStream(resource);
            if (in == null) {
                throw new IOException("no classpath resource " + resource);
            }
            return in;
        }
        return Files.newInputStream(Path.of(location));
    }
}
