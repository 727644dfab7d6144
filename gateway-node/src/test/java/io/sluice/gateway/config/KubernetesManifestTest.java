package io.sluice.gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.config.Config;
import io.sluice.gateway.cluster.ClusterMember;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** The Kubernetes manifests agree with the Kubernetes configuration files and the node's endpoints. */
class KubernetesManifestTest {

    private static final Path MANIFEST = Path.of("../k8s/sluice.yaml");

    @Test
    void headlessService_matchesHazelcastDiscovery() throws IOException {
        List<Map<String, Object>> documents = documents();
        Map<String, Object> headless = find(documents, "Service", "sluice-hazelcast");
        Map<String, Object> statefulSet = find(documents, "StatefulSet", "sluice");
        Config member = ClusterMember.configuration(ConfigLoader.load("classpath:sluice/kubernetes/gateway.yaml",
                Map.of("server.admin-key-file", MANIFEST.toString(), "providers.0.api-key-file",
                        MANIFEST.toString()), Map.of()).cluster());

        String namespace = (String) map(headless, "metadata").get("namespace");
        assertThat(map(headless, "spec").get("clusterIP")).isEqualTo("None");
        assertThat(map(statefulSet, "spec").get("serviceName")).isEqualTo("sluice-hazelcast");
        assertThat(member.getNetworkConfig().getJoin().getKubernetesConfig().getProperty("service-dns"))
                .isEqualTo("sluice-hazelcast." + namespace + ".svc.cluster.local");
    }

    @Test
    @SuppressWarnings("unchecked")
    void memberPort_isOpenOnlyToSluicePods() throws IOException {
        Map<String, Object> policy = find(documents(), "NetworkPolicy", "sluice-members-only");
        List<Map<String, Object>> rules = (List<Map<String, Object>>) map(policy, "spec").get("ingress");

        for (Map<String, Object> rule : rules) {
            List<Map<String, Object>> ports = (List<Map<String, Object>>) rule.get("ports");
            boolean memberPort = ports.stream().anyMatch(port -> Integer.valueOf(5701).equals(port.get("port")));
            assertThat(!memberPort || rule.containsKey("from")).as(rule.toString()).isTrue();
        }
    }

    @Test
    void probes_pointAtHealthEndpoints() throws IOException {
        Map<String, Object> statefulSet = find(documents(), "StatefulSet", "sluice");
        Map<String, Object> container = firstContainer(statefulSet);

        assertThat(map(map(container, "readinessProbe"), "httpGet").get("path")).isEqualTo("/health/ready");
        assertThat(map(map(container, "livenessProbe"), "httpGet").get("path")).isEqualTo("/health/live");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> firstContainer(Map<String, Object> statefulSet) {
        Map<String, Object> podSpec = map(map(map(statefulSet, "spec"), "template"), "spec");
        return ((List<Map<String, Object>>) podSpec.get("containers")).get(0);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        return (Map<String, Object>) parent.get(key);
    }

    private static Map<String, Object> find(List<Map<String, Object>> documents, String kind, String name) {
        return documents.stream()
                .filter(document -> kind.equals(document.get("kind")) && name.equals(map(document, "metadata")
                        .get("name")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + kind + " named " + name));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> documents() throws IOException {
        List<Map<String, Object>> documents = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(MANIFEST)) {
            for (Object document : new Yaml().loadAll(reader)) {
                documents.add((Map<String, Object>) document);
            }
        }
        return documents;
    }
}
