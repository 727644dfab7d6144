package io.sluice.gateway.it;

import static io.sluice.gateway.it.CacheIntegrationTest.nonce;
import static io.sluice.gateway.it.Scripts.c;
import static io.sluice.gateway.it.Scripts.done;
import static io.sluice.gateway.it.Scripts.event;
import static io.sluice.gateway.it.Scripts.fin;
import static io.sluice.gateway.it.Scripts.role;
import static io.sluice.gateway.it.Scripts.script;
import static io.sluice.gateway.it.Scripts.stream;
import static io.sluice.gateway.it.TestGateway.KA;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.simulator.RecordedRequest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Stream relay through a running node: pacing, framing, usage chunks, UTF-8, and client disconnects. */
class StreamingIntegrationTest {

    private static final Pattern DONE_LINE = Pattern.compile("(?m)^data: \\[DONE]\\r?$");

    private static TestGateway gateway;

    @BeforeAll
    static void start() {
        gateway = TestGateway.start();
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void relay_forwardsEventsAsUpstreamSendsThem() throws Exception {
        String nonce = nonce();
        String pad = "x".repeat(120);
        Object[] events = {role(), event(c("w1" + pad), 100), event(c("w2" + pad), 1000), event(c("w3" + pad), 1000),
            event(c("w4" + pad), 1000), event(c("w5" + pad), 1000), event(c("w6" + pad), 1000), fin("stop"), done()};
        script(gateway.fuA, "nonce=" + nonce, stream("normal", events));
        String body = "{\"model\":\"m-openai\",\"stream\":true,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Tell a story. nonce=" + nonce + "\"}]}";

        long requestMillis = System.currentTimeMillis();
        HttpResponse<InputStream> response = gateway.http.send(HttpRequest.newBuilder(
                        URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                .header("authorization", "Bearer " + KA).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofInputStream());
        long headersMillis = System.currentTimeMillis();
        List<Long> arrivals = new ArrayList<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(response.body(),
                StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.contains("\"content\":\"w")) {
                    arrivals.add(System.currentTimeMillis());
                }
            }
        }

        List<Long> sent = gateway.fuA.requests("nonce=" + nonce).get(0).eventsSentAtMillis();
        assertThat(response.headers().firstValue("content-length")).isEmpty();
        assertThat(headersMillis - requestMillis).isLessThan(500);
        assertThat(arrivals).hasSize(6);
        for (int i = 0; i < 6; i++) {
            assertThat(arrivals.get(i) - sent.get(i + 1)).as("lag of chunk %d", i + 1).isLessThan(500);
        }
        assertThat(arrivals.get(5) - arrivals.get(0)).isGreaterThanOrEqualTo(4000);
        assertThat(arrivals.get(0) - requestMillis).isLessThan(1000);
    }

    @Test
    void relay_endsWithExactlyOneDone() {
        String nonce = nonce();
        script(gateway.fuA, "nonce=" + nonce, stream("normal", role(), c("hello"), fin("stop"), done()));

        HttpResponse<String> response = gateway.post("/v1/chat/completions", KA,
                "{\"model\":\"m-openai\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi nonce="
                        + nonce + "\"}]}");

        assertFramedWithOneDone(response.body());
    }

    @Test
    void relay_addsDoneWhenUpstreamClosesAfterFinish() {
        String nonce = nonce();
        script(gateway.fuA, "nonce=" + nonce, stream("normal", role(), c("hello"), fin("stop")));

        HttpResponse<String> response = gateway.post("/v1/chat/completions", KA,
                "{\"model\":\"m-openai\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi nonce="
                        + nonce + "\"}]}");

        assertFramedWithOneDone(response.body());
    }

    @Test
    void inBandUpstreamError_isScrubbed() {
        String nonce = nonce();
        ObjectNode error = io.sluice.gateway.api.Json.object();
        error.putObject("error").put("message", "failure at " + gateway.fuA.baseUrl() + "/v1 with "
                + TestGateway.PROVKEY_A + " and sk-proj-ABCDEF****1234").put("type", "server_error");
        script(gateway.fuA, "nonce=" + nonce, stream("normal", role(), c("hello"), event(error)));

        HttpResponse<String> response = gateway.post("/v1/chat/completions", KA,
                "{\"model\":\"m-openai\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"err nonce="
                        + nonce + "\"}]}");

        List<String> events = Sse.dataEvents(response.body());
        String last = events.get(events.size() - 1);
        assertThat(last).contains("\"error\"").contains("\"type\":\"server_error\"");
        assertThat(last).doesNotContain(TestGateway.PROVKEY_A).doesNotContain("127.0.0.1")
                .doesNotContain("ABCDEF");
        assertThat(events).doesNotContain("[DONE]");
    }

    @Test
    void doneWithoutAnyChunk_isReportedAsFailure() {
        String nonce = nonce();
        script(gateway.fuA, "nonce=" + nonce, stream("normal", done()));

        HttpResponse<String> response = gateway.post("/v1/chat/completions", KA,
                "{\"model\":\"m-openai\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"empty nonce="
                        + nonce + "\"}]}");

        List<String> events = Sse.dataEvents(response.body());
        assertThat(events).doesNotContain("[DONE]");
        assertThat(events.get(events.size() - 1)).contains("\"error\"");
    }

    @Test
    void relay_dropsUnrequestedUsageChunk() {
        String prompt = "Usage please. nonce=" + nonce();
        String without = "{\"model\":\"m-openai\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\""
                + prompt + "\"}]}";
        String with = without.replace("\"stream\":true", "\"stream\":true,\"stream_options\":{\"include_usage\":true}");

        HttpResponse<String> plain = gateway.post("/v1/chat/completions", KA, without);
        HttpResponse<String> withUsage = gateway.post("/v1/chat/completions", KA, with);

        RecordedRequest upstream = gateway.fuA.requests(prompt).get(0);
        assertThat(upstream.bodyJson().at("/stream_options/include_usage").asBoolean()).isTrue();
        assertThat(Sse.chunks(plain.body())).noneMatch(chunk -> chunk.path("usage").isObject());
        List<JsonNode> chunks = Sse.chunks(withUsage.body());
        JsonNode last = chunks.get(chunks.size() - 1);
        assertThat(last.path("choices")).isEmpty();
        assertThat(last.path("usage").path("total_tokens").asInt()).isPositive();
    }

    @Test
    void relay_keepsMultibyteCharactersIntact() {
        String nonce = nonce();
        String text = "héllo wörld, 日本語のテキスト 🙂🚀 " + "ü".repeat(3000);
        script(gateway.fuA, "nonce=" + nonce, stream("normal", role(), c(text), c("ñ"), fin("stop"), done()));

        HttpResponse<String> response = gateway.post("/v1/chat/completions", KA,
                "{\"model\":\"m-openai\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"utf nonce="
                        + nonce + "\"}]}");

        assertThat(Sse.joined(Sse.chunks(response.body()), "content")).isEqualTo(text + "ñ");
    }

    @Test
    void streamDisconnect_cancelsUpstream() throws Exception {
        String nonce = nonce();
        List<Object> events = new ArrayList<>();
        events.add(role());
        for (int i = 0; i < 60; i++) {
            events.add(event(c("tok"), 500));
        }
        events.add(fin("stop"));
        events.add(done());
        script(gateway.fuA, "nonce=" + nonce, stream("normal", events.toArray()));
        String body = "{\"model\":\"m-openai\",\"stream\":true,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"Long essay. nonce=" + nonce + "\"}]}";

        long closedAt;
        try (Socket socket = new Socket("127.0.0.1", gateway.node.port())) {
            writeRequest(socket, body);
            InputStream in = socket.getInputStream();
            int contentChunks = 0;
            StringBuilder line = new StringBuilder();
            while (contentChunks < 2) {
                int b = in.read();
                if (b < 0) {
                    break;
                }
                if (b == '\n') {
                    contentChunks += line.toString().contains("\"content\":\"tok\"") ? 1 : 0;
                    line.setLength(0);
                } else {
                    line.append((char) b);
                }
            }
            closedAt = System.currentTimeMillis();
        }

        RecordedRequest upstream = awaitPeerClose("nonce=" + nonce, Duration.ofSeconds(5));
        assertThat(upstream.peerClosedAtMillis().getAsLong() - closedAt).isLessThanOrEqualTo(2000);
        assertThat(upstream.eventsSent() - 1).isLessThanOrEqualTo(8);
    }

    @Test
    void nonStreamDisconnect_cancelsUpstream() throws Exception {
        String nonce = nonce();
        ObjectNode hang = Scripts.json(200, Scripts.completion("late", "stop", 1, 1));
        hang.put("delay_ms", 30_000);
        script(gateway.fuA, "nonce=" + nonce, hang);
        String body = "{\"model\":\"m-openai\",\"messages\":[{\"role\":\"user\",\"content\":\"Wait. nonce="
                + nonce + "\"}]}";

        long closedAt;
        try (Socket socket = new Socket("127.0.0.1", gateway.node.port())) {
            writeRequest(socket, body);
            Thread.sleep(1000);
            closedAt = System.currentTimeMillis();
        }

        RecordedRequest upstream = awaitPeerClose("nonce=" + nonce, Duration.ofSeconds(6));
        assertThat(upstream.peerClosedAtMillis().getAsLong() - closedAt).isLessThanOrEqualTo(3000);
    }

    private static void writeRequest(Socket socket, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        String head = "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + KA
                + "\r\nContent-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(bytes);
        out.flush();
    }

    private static RecordedRequest awaitPeerClose(String match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            List<RecordedRequest> requests = gateway.fuA.requests(match);
            if (!requests.isEmpty() && requests.get(0).peerClosedAtMillis().isPresent()) {
                return requests.get(0);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the gateway did not close its upstream connection within " + timeout);
    }

    static void assertFramedWithOneDone(String raw) {
        assertThat(DONE_LINE.matcher(raw).results().count()).isEqualTo(1);
        List<String> events = Sse.dataEvents(raw);
        assertThat(events.get(events.size() - 1)).isEqualTo("[DONE]");
        for (String data : events.subList(0, events.size() - 1)) {
            Sse.json(data);
        }
        assertThat(raw).endsWith("\n\n");
        assertThat(raw.replace("\r\n", "\n")).doesNotContain("\n\n\n");
    }
}
