package io.sluice.gateway.it;

import com.hazelcast.config.Config;
import io.sluice.gateway.SluiceNode;
import io.sluice.gateway.config.ConfigLoader;
import io.sluice.gateway.config.GatewayConfig;
import io.sluice.gateway.telemetry.Telemetry;
import io.sluice.simulator.SimulatorOptions;
import io.sluice.simulator.UpstreamSimulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A gateway node started in-process in front of three upstream simulators, with the models and keys the
 * regression cases use: {@code m-openai} and {@code m-openai-alt} on FU-A, {@code m-fallback} on FU-C,
 * {@code m-claude} on FU-D (Anthropic), keys {@link #KA}, {@link #KB} and {@link #K_RESTRICTED}.
 */
final class TestGateway implements AutoCloseable {

    static final String KA = "sk-test-tenant-a-0001";
    static final String KB = "sk-test-tenant-b-0002";
    static final String K_RESTRICTED = "sk-test-restricted-0003";
    static final String ADMIN_KEY = "sk-test-admin-0004";
    static final String PROVKEY_A = "PROVKEY-A";
    static final String PROVKEY_C = "PROVKEY-C";
    static final String PROVKEY_D = "PROVKEY-D";

    final UpstreamSimulator fuA;
    final UpstreamSimulator fuC;
    final UpstreamSimulator fuD;
    final SluiceNode node;
    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private TestGateway(UpstreamSimulator fuA, UpstreamSimulator fuC, UpstreamSimulator fuD, SluiceNode node) {
        this.fuA = fuA;
        this.fuC = fuC;
        this.fuD = fuD;
        this.node = node;
    }

    static TestGateway start() {
        return start(Map.of());
    }

    static TestGateway start(Map<String, String> overrides) {
        return start(overrides, null, config -> { });
    }

    /** Starts simulators and a node; {@code telemetry} null means tracing off. */
    static TestGateway start(Map<String, String> overrides, Telemetry telemetry, Consumer<Config> memberCustomizer) {
        UpstreamSimulator fuA = UpstreamSimulator.start(SimulatorOptions.builder().apiKey(PROVKEY_A).build());
        UpstreamSimulator fuC = UpstreamSimulator.start(SimulatorOptions.builder().apiKey(PROVKEY_C).build());
        UpstreamSimulator fuD = UpstreamSimulator.start(SimulatorOptions.builder().apiKey(PROVKEY_D).build());
        GatewayConfig config = config(fuA, fuC, fuD, "sluice-test-" + UUID.randomUUID(), overrides);
        Telemetry tracing = telemetry != null ? telemetry : Telemetry.create(config.telemetry());
        SluiceNode node = SluiceNode.start(config, tracing, memberCustomizer);
        return new TestGateway(fuA, fuC, fuD, node);
    }

    static GatewayConfig config(UpstreamSimulator fuA, UpstreamSimulator fuC, UpstreamSimulator fuD,
                                String clusterName, Map<String, String> overrides) {
        Map<String, String> all = new HashMap<>();
        all.put("providers.0.base-url", fuA.baseUrl() + "/v1");
        all.put("providers.1.base-url", fuC.baseUrl() + "/v1");
        all.put("providers.2.base-url", fuD.baseUrl() + "/v1");
        all.put("cluster.name", clusterName);
        all.putAll(overrides);
        Map<String, String> variables = Map.of("FU_A_KEY", PROVKEY_A, "FU_C_KEY", PROVKEY_C, "FU_D_KEY", PROVKEY_D,
                "KEY_A", KA, "KEY_B", KB, "KEY_RESTRICTED", K_RESTRICTED, "TEST_ADMIN_KEY", ADMIN_KEY);
        return ConfigLoader.load("classpath:test-gateway.yaml", all, variables);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + node.port();
    }

    /** Posts JSON with a bearer key and extra header pairs. */
    HttpResponse<String> post(String path, String key, String body, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(30))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("authorization", "Bearer " + key);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request.build());
    }

    HttpResponse<String> get(String path, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path))
                .timeout(Duration.ofSeconds(30)).GET();
        if (key != null) {
            request.header("authorization", "Bearer " + key);
        }
        return send(request.build());
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        node.close();
        fuA.close();
        fuC.close();
        fuD.close();
    }
}
