package io.sluice.gateway.it;

import static io.sluice.gateway.it.CacheIntegrationTest.chat;
import static io.sluice.gateway.it.CacheIntegrationTest.nonce;
import static io.sluice.gateway.it.TestGateway.KA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.hazelcast.config.Config;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.map.EntryProcessor;
import com.hazelcast.map.IMap;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import io.sluice.gateway.SluiceNode;
import io.sluice.gateway.api.ErrorKind;
import io.sluice.gateway.api.GatewayException;
import io.sluice.gateway.config.GatewayConfig;
import io.sluice.gateway.telemetry.Telemetry;
import io.sluice.simulator.SimulatorOptions;
import io.sluice.simulator.UpstreamSimulator;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Two nodes in one JVM forming one cluster: shared cache entries and failures crossing members. */
class ClusterIntegrationTest {

    private static final int TEST_FACTORY_ID = 9001;
    private static final int FAILING_PROCESSOR = 1;

    private static UpstreamSimulator fuA;
    private static UpstreamSimulator fuC;
    private static UpstreamSimulator fuD;
    private static SluiceNode nodeA;
    private static SluiceNode nodeB;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws IOException {
        fuA = UpstreamSimulator.start(SimulatorOptions.builder().apiKey(TestGateway.PROVKEY_A).build());
        fuC = UpstreamSimulator.start();
        fuD = UpstreamSimulator.start();
        int portA = freePort();
        int portB = freePort();
        String cluster = "sluice-cluster-test-" + UUID.randomUUID();
        String members = "127.0.0.1:" + portA + ",127.0.0.1:" + portB;
        Consumer<Config> testTypes = config -> config.getSerializationConfig()
                .addDataSerializableFactory(TEST_FACTORY_ID, new TestFactory());
        nodeA = SluiceNode.start(config(cluster, portA, members), telemetryOff(), testTypes);
        nodeB = SluiceNode.start(config(cluster, portB, members), telemetryOff(), testTypes);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (nodeA.member().getCluster().getMembers().size() < 2 && System.nanoTime() < deadline) {
            sleep(100);
        }
    }

    @AfterAll
    static void stop() {
        nodeB.close();
        nodeA.close();
        fuA.close();
        fuC.close();
        fuD.close();
    }

    @Test
    void cluster_hasTwoMembers() {
        assertThat(nodeA.member().getCluster().getMembers()).hasSize(2);
        assertThat(nodeB.member().getCluster().getMembers()).hasSize(2);
    }

    @Test
    void otherNode_hitsStoredEntry() throws Exception {
        String body = chat("Shared entry. nonce=" + nonce(), "\"temperature\":0");

        HttpResponse<String> viaA = post(nodeA, body);
        HttpResponse<String> viaB = post(nodeB, body);

        assertThat(viaA.headers().firstValue("x-sluice-cache")).contains("MISS");
        assertThat(viaB.headers().firstValue("x-sluice-cache")).contains("HIT");
        assertThat(viaB.body()).isEqualTo(viaA.body());
        assertThat(fuA.calls(body.substring(body.indexOf("nonce=")).replace("\"}]}", ""))).isEqualTo(1);
    }

    @Test
    void remoteEntryProcessorFailure_returnsPromptly() {
        IMap<String, String> map = nodeA.member().getMap("failure-probe-" + UUID.randomUUID());
        String remoteKey = keyOwnedBy(nodeA.member(), nodeB.member());

        assertTimeoutPreemptively(Duration.ofSeconds(15), () -> {
            assertThatThrownBy(() -> map.executeOnKey(remoteKey, new FailingProcessor(false)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("processor failed on purpose");
            assertThatThrownBy(() -> map.executeOnKey(remoteKey, new FailingProcessor(true)))
                    .isInstanceOf(GatewayException.class)
                    .hasMessageContaining("processor failed on purpose");
        });
    }

    @Test
    void purge_removesEntriesOnBothNodes() throws Exception {
        String namespace = "purge-" + nonce();
        for (int i = 0; i < 12; i++) {
            post(i % 2 == 0 ? nodeA : nodeB, chat("purge " + i + " nonce=" + nonce(), "\"temperature\":0"),
                    "x-sluice-cache-namespace", namespace);
        }

        HttpResponse<String> purged = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nodeA.port()
                        + "/admin/cache?namespace=" + namespace))
                .header("x-sluice-admin-key", TestGateway.ADMIN_KEY).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(purged.statusCode()).isEqualTo(200);
        assertThat(Sse.json(purged.body()).path("deleted").asInt()).isEqualTo(12);
    }

    private static HttpResponse<String> post(SluiceNode node, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + node.port()
                        + "/v1/chat/completions"))
                .header("authorization", "Bearer " + KA).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String keyOwnedBy(HazelcastInstance caller, HazelcastInstance owner) {
        for (int i = 0; ; i++) {
            String key = "probe-" + i;
            if (caller.getPartitionService().getPartition(key).getOwner().equals(owner.getCluster().getLocalMember())) {
                return key;
            }
        }
    }

    private static GatewayConfig config(String cluster, int port, String members) {
        return TestGateway.config(fuA, fuC, fuD, cluster, Map.of("cluster.port", String.valueOf(port),
                "cluster.members", members, "cluster.min-members", "2"));
    }

    private static Telemetry telemetryOff() {
        return Telemetry.create(new GatewayConfig.TelemetrySettings("test", java.util.Optional.empty(), 1, false));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** An entry processor that always throws on the member that owns the key. */
    static final class FailingProcessor implements EntryProcessor<String, String, String>, IdentifiedDataSerializable {

        private boolean projectException;

        FailingProcessor() {
        }

        FailingProcessor(boolean projectException) {
            this.projectException = projectException;
        }

        @Override
        public String process(Map.Entry<String, String> entry) {
            if (projectException) {
                throw new GatewayException(ErrorKind.INTERNAL, "processor failed on purpose");
            }
            throw new IllegalStateException("processor failed on purpose");
        }

        @Override
        public int getFactoryId() {
            return TEST_FACTORY_ID;
        }

        @Override
        public int getClassId() {
            return FAILING_PROCESSOR;
        }

        @Override
        public void writeData(ObjectDataOutput out) throws IOException {
            out.writeBoolean(projectException);
        }

        @Override
        public void readData(ObjectDataInput in) throws IOException {
            projectException = in.readBoolean();
        }
    }

    /** Creates the test's serializable types on every member. */
    static final class TestFactory implements DataSerializableFactory {
        @Override
        public IdentifiedDataSerializable create(int typeId) {
            return typeId == FAILING_PROCESSOR ? new FailingProcessor() : null;
        }
    }
}
