package io.sluice.gateway.it;

import static io.sluice.gateway.it.CacheIntegrationTest.chat;
import static io.sluice.gateway.it.CacheIntegrationTest.nonce;
import static io.sluice.gateway.it.TestGateway.KA;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.sluice.gateway.config.GatewayConfig.TelemetrySettings;
import io.sluice.gateway.telemetry.Telemetry;
import io.sluice.simulator.RecordedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Spans leave the node over real OTLP/HTTP and are decoded by a receiver started here. */
class TelemetryIntegrationTest {

    private static final List<Span> RECEIVED = new CopyOnWriteArrayList<>();
    private static HttpServer receiver;
    private static TestGateway gateway;

    @BeforeAll
    static void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/v1/traces", exchange -> {
            try (InputStream in = exchange.getRequestBody()) {
                ExportTraceServiceRequest request = ExportTraceServiceRequest.parseFrom(in.readAllBytes());
                for (ResourceSpans resource : request.getResourceSpansList()) {
                    for (ScopeSpans scope : resource.getScopeSpansList()) {
                        RECEIVED.addAll(scope.getSpansList());
                    }
                }
                exchange.sendResponseHeaders(200, -1);
            } catch (IOException | RuntimeException | LinkageError e) {
                e.printStackTrace();
                exchange.sendResponseHeaders(400, -1);
            } finally {
                exchange.close();
            }
        });
        receiver.start();
        URI endpoint = URI.create("http://127.0.0.1:" + receiver.getAddress().getPort() + "/v1/traces");
        Telemetry telemetry = Telemetry.create(new TelemetrySettings("sluice-test", Optional.of(endpoint), 1.0, true));
        gateway = TestGateway.start(Map.of(), telemetry, config -> { });
    }

    @AfterAll
    static void stop() {
        gateway.close();
        receiver.stop(0);
    }

    @Test
    void streamedMiss_exportsPipelineSpans() throws InterruptedException {
        String prompt = "Trace me. nonce=" + nonce();
        String body = chat(prompt, "\"temperature\":0,\"stream\":true");

        HttpResponse<String> response = gateway.post("/v1/chat/completions", KA, body);
        assertThat(response.statusCode()).isEqualTo(200);

        RecordedRequest upstream = gateway.fuA.requests(prompt).get(0);
        String traceparent = upstream.header("traceparent").orElseThrow();
        String traceId = traceparent.split("-")[1];
        List<Span> spans = awaitSpans(traceId, 5);
        Map<String, Span> byName = spans.stream().collect(Collectors.toMap(Span::getName, span -> span,
                (first, second) -> first));
        assertThat(byName).containsKeys("POST /v1/chat/completions", "sluice.auth", "sluice.cache.lookup",
                "chat fu-model", "sluice.stream");
        Span server = byName.get("POST /v1/chat/completions");
        Span client = byName.get("chat fu-model");
        assertThat(server.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_SERVER);
        assertThat(client.getKind()).isEqualTo(Span.SpanKind.SPAN_KIND_CLIENT);
        assertThat(client.getParentSpanId()).isEqualTo(server.getSpanId());
        assertThat(byName.get("sluice.auth").getParentSpanId()).isEqualTo(server.getSpanId());
        assertThat(byName.get("sluice.stream").getParentSpanId()).isEqualTo(client.getSpanId());
        assertThat(HexFormat.of().formatHex(client.getSpanId().toByteArray())).isEqualTo(traceparent.split("-")[2]);
        assertThat(attribute(server, "sluice.cache")).isEqualTo("MISS");
        assertThat(attribute(server, "gen_ai.request.model")).isEqualTo("m-openai");
    }

    @Test
    void incomingTraceparent_isContinued() throws InterruptedException {
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String prompt = "Continue trace. nonce=" + nonce();

        gateway.post("/v1/chat/completions", KA, chat(prompt, null), "traceparent",
                "00-" + traceId + "-00f067aa0ba902b7-01");

        List<Span> spans = awaitSpans(traceId, 3);
        assertThat(spans).anySatisfy(span -> assertThat(span.getName()).isEqualTo("POST /v1/chat/completions"));
        assertThat(gateway.fuA.requests(prompt).get(0).header("traceparent").orElseThrow()).contains(traceId);
    }

    private static List<Span> awaitSpans(String traceId, int atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        List<Span> matching = List.of();
        while (System.nanoTime() < deadline) {
            matching = RECEIVED.stream()
                    .filter(span -> HexFormat.of().formatHex(span.getTraceId().toByteArray()).equals(traceId))
                    .toList();
            if (matching.size() >= atLeast) {
                return matching;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("expected " + atLeast + " spans of trace " + traceId + ", got " + matching.size());
    }

    private static String attribute(Span span, String key) {
        return span.getAttributesList().stream().filter(attribute -> attribute.getKey().equals(key))
                .map(attribute -> attribute.getValue().getStringValue()).findFirst().orElse(null);
    }
}
