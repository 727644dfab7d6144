package io.sluice.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hazelcast.config.Config;
import io.sluice.gateway.cluster.ClusterMember;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Loads the deployment files shipped in cluster-config, so a broken file fails the build. */
class ConfigLoaderTest {

    @Test
    void singleNodeDefault_loads() {
        GatewayConfig config = ConfigLoader.load(ConfigLoader.DEFAULT_LOCATION, Map.of(), Map.of());

        assertThat(config.server().port()).isEqualTo(8080);
        assertThat(config.server().adminKeySha256()).isEmpty();
        assertThat(config.aliases()).extracting(GatewayConfig.AliasSettings::name)
                .containsExactly("demo-chat", "demo-embed");
        assertThat(config.keys().get(0).sha256()).isEqualTo(Hashing.sha256Hex("sk-sluice-demo"));
        Config member = ClusterMember.configuration(config.cluster());
        assertThat(member.getNetworkConfig().getJoin().getTcpIpConfig().isEnabled()).isFalse();
        assertThat(member.getNetworkConfig().getJoin().getMulticastConfig().isEnabled()).isFalse();
        assertThat(member.getProperty("hazelcast.phone.home.enabled")).isEqualTo("false");
        assertThat(member.getMapConfig(ClusterMember.RESPONSES_MAP).getBackupCount()).isEqualTo(1);
    }

    @Test
    void localCluster_loadsWithMemberOverride() {
        GatewayConfig config = ConfigLoader.load("classpath:sluice/local-cluster/gateway.yaml",
                Map.of("cluster.members", "127.0.0.1:5711,127.0.0.1:5712", "cluster.port", "5711"), Map.of());
        Config member = ClusterMember.configuration(config.cluster());

        assertThat(member.getNetworkConfig().getJoin().getTcpIpConfig().getMembers())
                .containsExactly("127.0.0.1:5711", "127.0.0.1:5712");
        assertThat(member.getNetworkConfig().getPort()).isEqualTo(5711);
    }

    @Test
    void kubernetes_loadsWithMountedSecrets(@TempDir Path secrets) throws IOException {
        Path adminKey = Files.writeString(secrets.resolve("admin"), "admin-secret\n");
        Path providerKey = Files.writeString(secrets.resolve("openai"), "sk-provider\n");
        GatewayConfig config = ConfigLoader.load("classpath:sluice/kubernetes/gateway.yaml",
                Map.of("server.admin-key-file", adminKey.toString(),
                        "providers.0.api-key-file", providerKey.toString()), Map.of());
        Config member = ClusterMember.configuration(config.cluster());

        assertThat(config.server().adminKeySha256()).contains(Hashing.sha256Hex("admin-secret"));
        assertThat(config.providers().get(0).apiKey().orElseThrow().reveal()).isEqualTo("sk-provider");
        assertThat(config.providers().get(0).apiKey().orElseThrow().toString()).doesNotContain("sk-provider");
        assertThat(member.getNetworkConfig().getJoin().getKubernetesConfig().isEnabled()).isTrue();
    }

    @Test
    void invalidValue_namesKeyValueAndRule() {
        assertThatThrownBy(() -> ConfigLoader.load(ConfigLoader.DEFAULT_LOCATION,
                Map.of("server.port", "99999"), Map.of()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessage("server.port: 99999 (expected: an integer from 0 to 65535)");
        assertThatThrownBy(() -> ConfigLoader.load(ConfigLoader.DEFAULT_LOCATION,
                Map.of("aliases.0.provider", "nowhere"), Map.of()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("nowhere");
        assertThatThrownBy(() -> ConfigLoader.load(ConfigLoader.DEFAULT_LOCATION,
                Map.of("providers.0.api-key-env", "UNSET_VARIABLE"), Map.of()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("providers.0.api-key-env");
    }

    @Test
    void durations_acceptShortAndIsoForms() {
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThat(Durations.parse("PT30S")).isEqualTo(Duration.ofSeconds(30));
        assertThat(Durations.parse("300")).isEqualTo(Duration.ofSeconds(300));
    }
}
