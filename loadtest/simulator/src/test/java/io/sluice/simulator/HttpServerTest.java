package io.sluice.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HttpServerTest {

    private static final String CHAT = "/v1/chat/completions";

    private static UpstreamSimulator simulator;

    @BeforeAll
    static void start() {
        simulator = UpstreamSimulator.start(SimulatorOptions.builder()
                .maxRequestBytes(4096).maxHeaderBytes(2048).build());
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @BeforeEach
    void reset() {
        simulator.reset();
    }

    private static String chat(String nonce) {
        return "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"nonce=" + nonce + "\"}]}";
    }

    @Test
    void keepAlive_servesManyRequestsOnOneConnection() throws IOException {
        try (RawHttp raw = new RawHttp(simulator.port())) {
            for (int i = 0; i < 3; i++) {
                raw.post(CHAT, chat("k" + i));
                RawHttp.Response response = raw.read();

                assertThat(response.status()).isEqualTo(200);
                assertThat(response.header("connection")).isNull();
            }
            raw.send("GET /v1/models HTTP/1.1\r\nHost: x\r\n\r\n");
            assertThat(raw.read().status()).isEqualTo(200);
        }
        assertThat(simulator.calls("nonce=k")).isEqualTo(3);
    }

    @Test
    void chunkedRequestBody_isDecoded() throws IOException {
        String body = chat("c1");
        String first = body.substring(0, 10);
        String rest = body.substring(10);
        try (RawHttp raw = new RawHttp(simulator.port())) {
            raw.send("POST " + CHAT + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + Integer.toHexString(first.length()) + ";ext=1\r\n" + first + "\r\n"
                    + Integer.toHexString(rest.length()) + "\r\n" + rest + "\r\n"
                    + "0\r\nX-Trailer: yes\r\n\r\n");

            assertThat(raw.read().status()).isEqualTo(200);
        }
        assertThat(simulator.requests("nonce=c1").getFirst().body()).isEqualTo(body);
    }

    @Test
    void connectionClose_closesAfterResponse() throws IOException {
        try (RawHttp raw = new RawHttp(simulator.port())) {
            raw.send("GET /v1/models HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            RawHttp.Response response = raw.read();

            assertThat(response.status()).isEqualTo(200);
            assertThat(response.header("connection")).isEqualTo("close");
            assertThat(raw.closedByServer(2_000)).isTrue();
        }
    }

    @Test
    void http10WithoutKeepAlive_closesAfterResponse() throws IOException {
        try (RawHttp raw = new RawHttp(simulator.port())) {
            raw.send("GET /v1/models HTTP/1.0\r\n\r\n");

            assertThat(raw.read().status()).isEqualTo(200);
            assertThat(raw.closedByServer(2_000)).isTrue();
        }
    }

    @Test
    void pipelinedRequests_areAnsweredInOrder() throws IOException {
        simulator.script(ScriptSpec.of("nonce=p1", ResponseSpec.builder().status(201).jsonBody("{}")
                .delayMillis(100).build()));
        String first = chat("p1");
        String second = chat("p2");
        try (RawHttp raw = new RawHttp(simulator.port())) {
            raw.send("POST " + CHAT + " HTTP/1.1\r\nContent-Length: " + first.length() + "\r\n\r\n" + first
                    + "POST " + CHAT + " HTTP/1.1\r\nContent-Length: " + second.length() + "\r\n\r\n" + second);

            assertThat(raw.read().status()).isEqualTo(201);
            assertThat(raw.read().status()).isEqualTo(200);
        }
    }

    @Test
    void expectContinue_getsInterimResponse() throws IOException {
        String body = chat("e1");
        try (RawHttp raw = new RawHttp(simulator.port())) {
            raw.send("POST " + CHAT + " HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: " + body.length()
                    + "\r\n\r\n");
            assertThat(raw.readLine()).isEqualTo("HTTP/1.1 100 Continue");
            assertThat(raw.readLine()).isEmpty();
            raw.send(body);

            assertThat(raw.read().status()).isEqualTo(200);
        }
    }

    @Test
    void malformedRequests_getErrorsAndClose() throws IOException {
        assertRejected("NOT A REQUEST\r\n\r\n", 400);
        assertRejected("GET /x HTTP/2.0\r\n\r\n", 505);
        assertRejected("GET /x HTTP/1.1\r\nbad header\r\n\r\n", 400);
        assertRejected("GET /x HTTP/1.1\r\n folded: value\r\n\r\n", 400);
        assertRejected("POST /x HTTP/1.1\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n", 400);
        assertRejected("POST /x HTTP/1.1\r\nContent-Length: 1, 2\r\n\r\n", 400);
        assertRejected("POST /x HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400);
        assertRejected("POST /x HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n", 501);
        assertRejected("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400);
        assertRejected("GET /x HTTP/1.1\r\nX-Big: " + "a".repeat(3000) + "\r\n\r\n", 431);
        assertRejected("POST /x HTTP/1.1\r\nContent-Length: 5000\r\n\r\n", 413);
        assertThat(simulator.requests()).isEmpty();
    }

    @Test
    void oversizedChunkedBody_isRejected() throws IOException {
        String chunk = "a".repeat(3000);
        assertRejected("POST /x HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "bb8\r\n" + chunk + "\r\nbb8\r\n" + chunk + "\r\n0\r\n\r\n", 413);
    }

    @Test
    void concurrentClients_allGetAnswers() throws Exception {
        TestHttp http = new TestHttp(simulator);
        List<Future<HttpResponse<String>>> futures = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 200; i++) {
                String body = "{\"model\":\"m\",\"stream\":" + (i % 2 == 0) + ",\"messages\":[{\"role\":\"user\","
                        + "\"content\":\"load " + i + "\"}]}";
                futures.add(executor.submit(() -> http.post(CHAT, body)));
            }
            for (Future<HttpResponse<String>> future : futures) {
                assertThat(future.get().statusCode()).isEqualTo(200);
            }
        }
        assertThat(simulator.calls("load ")).isEqualTo(200);
    }

    private static void assertRejected(String request, int status) throws IOException {
        try (RawHttp raw = new RawHttp(simulator.port())) {
            raw.send(request);
            RawHttp.Response response = raw.read();

            assertThat(response.status()).as(request).isEqualTo(status);
            assertThat(response.header("connection")).as(request).isEqualTo("close");
            assertThat(TestHttp.json(response.text()).path("error").path("message").asText()).as(request).isNotBlank();
            assertThat(raw.closedByServer(2_000)).as(request).isTrue();
        }
    }
}
