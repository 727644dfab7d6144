package io.sluice.e2e;

import io.sluice.simulator.UpstreamSimulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;

/**
 * The environment every end-to-end test shares: one upstream simulator and two gateway nodes, each in its own
 * JVM, forming one cluster on 127.0.0.1 from the shipped {@code cluster-config/local-cluster} files.
 *
 * <p>Started once for the test JVM and stopped by a shutdown hook, because starting JVMs is the slow part.
 */
final class E2eCluster {

    /** The demo client key configured in the shipped files. */
    static final String KEY = "sk-sluice-demo";
    static final String ADMIN_KEY = "sk-e2e-admin";

    private static E2eCluster instance;

    final Path root;
    final UpstreamSimulator simulator;
    final NodeProcess nodeA;
    final NodeProcess nodeB;

    private E2eCluster(Path root, UpstreamSimulator simulator, NodeProcess nodeA, NodeProcess nodeB) {
        this.root = root;
        this.simulator = simulator;
        this.nodeA = nodeA;
        this.nodeB = nodeB;
    }

    static synchronized E2eCluster get() {
        if (instance == null) {
            try {
                instance = start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(instance::stop, "e2e-cluster-stop"));
        }
        return instance;
    }

    private static E2eCluster start() throws IOException, InterruptedException {
        Path root = Path.of(System.getProperty("sluice.root", "..")).toAbsolutePath().normalize();
        UpstreamSimulator simulator = UpstreamSimulator.start();
        int memberA = freePort();
        int memberB = freePort();
        Map<String, String> environment = Map.of(
                "CLUSTER_NAME", "sluice-e2e-" + UUID.randomUUID(),
                "CLUSTER_MEMBERS", "127.0.0.1:" + memberA + ",127.0.0.1:" + memberB,
                "CLUSTER_MIN_dash_MEMBERS", "2",
                "PROVIDERS_0_BASE_dash_URL", simulator.baseUrl() + "/v1",
                "SLUICE_ADMIN_KEY", ADMIN_KEY);
        Path config = root.resolve("cluster-config/local-cluster/gateway.yaml");
        Path logs = root.resolve("e2e-tests/target/node-logs");
        NodeProcess[] nodes = new NodeProcess[2];
        Thread startB = Thread.ofPlatform().start(() -> nodes[1] = startQuietly(root, "node-b", config, memberB,
                environment, logs));
        nodes[0] = NodeProcess.start(root, "node-a", config, freePort(), withPort(environment, memberA), logs);
        startB.join();
        if (nodes[1] == null) {
            nodes[0].close();
            simulator.close();
            throw new IllegalStateException("node-b did not start; see " + logs.resolve("node-b.log"));
        }
        return new E2eCluster(root, simulator, nodes[0], nodes[1]);
    }

    private static NodeProcess startQuietly(Path root, String name, Path config, int memberPort,
                                            Map<String, String> environment, Path logs) {
        try {
            return NodeProcess.start(root, name, config, freePort(), withPort(environment, memberPort), logs);
        } catch (IOException | RuntimeException e) {
            e.printStackTrace();
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static Map<String, String> withPort(Map<String, String> environment, int memberPort) {
        Map<String, String> copy = new java.util.HashMap<>(environment);
        copy.put("CLUSTER_PORT", String.valueOf(memberPort));
        return copy;
    }

    private void stop() {
        nodeB.close();
        nodeA.close();
        simulator.close();
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
