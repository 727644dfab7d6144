package io.sluice.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultsTest {

    private static final String CHAT = "/v1/chat/completions";

    /** Longest accepted time between the client closing and the simulator recording it, in milliseconds. */
    private static final long PEER_CLOSE_BOUND_MILLIS = 150;

    private static UpstreamSimulator simulator;

    @BeforeAll
    static void start() {
        simulator = UpstreamSimulator.start();
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
        return "{\"model\":\"fu-model\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"nonce="
                + nonce + "\"}]}";
    }

    @Test
    void abortAfterEvents_endsChunkedBodyWithoutTerminator() throws IOException {
        simulator.script(ScriptSpec.of("nonce=f1", ResponseSpec.builder()
                .events(ChatStreamBuilder.create("fu-model").role().content("Par").content("tial").build())
                .end(EndMode.ABORT).build()));

        RawHttp.Response response;
        try (RawHttp raw = new RawHttp(simulator.port())) {
            raw.post(CHAT, chat("f1"));
            response = raw.read();
        }

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.chunks()).hasSize(3);
        assertThat(response.complete()).isFalse();
        assertThat(response.failure()).containsAnyOf("reset", "closed");
        RecordedRequest recorded = simulator.requests("nonce=f1").getFirst();
        assertThat(recorded.eventsSent()).isEqualTo(3);
        assertThat(recorded.completed()).isFalse();
        assertThat(recorded.peerClosedAtMillis()).isEmpty();
    }

    @Test
    void abortAfterEvents_failsJavaHttpClient() {
        simulator.script(ScriptSpec.of("nonce=f2", ResponseSpec.builder()
                .events(ChatStreamBuilder.create("fu-model").role().content("Par").build())
                .end(EndMode.ABORT).build()));
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + CHAT))
                .POST(HttpRequest.BodyPublishers.ofString(chat("f2"))).build();

        assertThatThrownBy(() -> client.send(request, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void resetBeforeAnyByte_givesNoResponse() throws IOException {
        simulator.script(ScriptSpec.of("nonce=f3", ResponseSpec.reset()));

        try (RawHttp raw = new RawHttp(simulator.port())) {
            raw.post(CHAT, chat("f3"));

            assertThatThrownBy(raw::readLine).isInstanceOf(IOException.class);
        }
        assertThat(simulator.requests("nonce=f3").getFirst().completed()).isFalse();
    }

    @Test
    void abortOfPlainResponse_sendsHalfTheBody() throws IOException {
        simulator.script(ScriptSpec.of("nonce=f4", ResponseSpec.builder()
                .status(200).jsonBody("[0,1,2,3,4,5]").end(EndMode.ABORT).build()));

        RawHttp.Response response;
        try (RawHttp raw = new RawHttp(simulator.port())) {
            raw.post(CHAT, chat("f4"));
            response = raw.read();
        }

        assertThat(response.header("content-length")).isEqualTo("13");
        assertThat(response.text()).isEqualTo("[0,1,2");
        assertThat(response.complete()).isFalse();
    }

    @Test
    void hangWithoutEvents_recordsPeerCloseQuickly() throws Exception {
        simulator.script(ScriptSpec.of("nonce=f5", ResponseSpec.hang(60_000)));

        long closedAt;
        try (RawHttp raw = new RawHttp(simulator.port())) {
            raw.post(CHAT, chat("f5"));
            Await.recorded(simulator, "nonce=f5", recorded -> true, Duration.ofSeconds(2));
            Thread.sleep(100);
            closedAt = System.currentTimeMillis();
        }

        RecordedRequest recorded = Await.recorded(simulator, "nonce=f5",
                call -> call.peerClosedAtMillis().isPresent(), Duration.ofSeconds(2));
        assertThat(recorded.peerClosedAtMillis().getAsLong() - closedAt)
                .isBetween(0L, PEER_CLOSE_BOUND_MILLIS);
        assertThat(recorded.completed()).isFalse();
        assertThat(recorded.eventsSent()).isZero();
    }

    @Test
    void resetByClientWhileDelayed_recordsPeerClose() throws Exception {
        simulator.script(ScriptSpec.of("nonce=f6", ResponseSpec.builder().delayMillis(30_000).build()));

        long closedAt;
        try (RawHttp raw = new RawHttp(simulator.port())) {
            raw.post(CHAT, chat("f6"));
            Await.recorded(simulator, "nonce=f6", recorded -> true, Duration.ofSeconds(2));
            raw.socket().setSoLinger(true, 0);
            closedAt = System.currentTimeMillis();
        }

        RecordedRequest recorded = Await.recorded(simulator, "nonce=f6",
                call -> call.peerClosedAtMillis().isPresent(), Duration.ofSeconds(2));
        assertThat(recorded.peerClosedAtMillis().getAsLong() - closedAt)
                .isBetween(0L, PEER_CLOSE_BOUND_MILLIS);
    }

    @Test
    void closeBetweenEvents_recordsPeerClose() throws Exception {
        ChatStreamBuilder stream = ChatStreamBuilder.create("fu-model").role().content("tok");
        for (int i = 0; i < 10; i++) {
            stream.pause(5_000).content("tok");
        }
        simulator.script(ScriptSpec.of("nonce=f7", stream.done().toResponse()));

        long closedAt;
        try (RawHttp raw = new RawHttp(simulator.port())) {
            raw.post(CHAT, chat("f7"));
            assertThat(raw.readLine()).isEqualTo("HTTP/1.1 200 OK");
            Await.recorded(simulator, "nonce=f7", call -> call.eventsSent() == 2, Duration.ofSeconds(2));
            closedAt = System.currentTimeMillis();
        }

        RecordedRequest recorded = Await.recorded(simulator, "nonce=f7",
                call -> call.peerClosedAtMillis().isPresent(), Duration.ofSeconds(2));
        assertThat(recorded.peerClosedAtMillis().getAsLong() - closedAt)
                .isBetween(0L, PEER_CLOSE_BOUND_MILLIS);
        assertThat(recorded.eventsSent()).isEqualTo(2);
        assertThat(recorded.completed()).isFalse();
    }

    @Test
    void hangAfterEvents_closesWhenHangTimePasses() throws IOException {
        simulator.script(ScriptSpec.of("nonce=f8", ResponseSpec.builder()
                .events(List.of(SseEvent.data("{}"))).end(EndMode.HANG).hangMillis(150).build()));

        long start = System.nanoTime();
        RawHttp.Response response;
        try (RawHttp raw = new RawHttp(simulator.port())) {
            raw.post(CHAT, chat("f8"));
            response = raw.read();
        }
        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;

        assertThat(response.chunks()).containsExactly("data: {}\n\n");
        assertThat(response.complete()).isFalse();
        assertThat(elapsedMillis).isBetween(140L, 2_000L);
        RecordedRequest recorded = simulator.requests("nonce=f8").getFirst();
        assertThat(recorded.completed()).isFalse();
        assertThat(recorded.peerClosedAtMillis()).isEmpty();
    }

    @Test
    void delayedHead_waitsBeforeStatusLine() throws IOException {
        simulator.script(ScriptSpec.of("nonce=f9", ResponseSpec.builder().status(200).jsonBody("{}")
                .delayMillis(120).build()));

        long start = System.nanoTime();
        RawHttp.Response response;
        try (RawHttp raw = new RawHttp(simulator.port())) {
            raw.post(CHAT, chat("f9"));
            response = raw.read();
        }

        assertThat(response.complete()).isTrue();
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(119);
    }

    @Test
    void serverStaysUsable_afterFaults() throws IOException {
        simulator.script(ScriptSpec.of("nonce=f10", ResponseSpec.reset(), ResponseSpec.hang(50)));

        for (int i = 0; i < 2; i++) {
            try (RawHttp raw = new RawHttp(simulator.port())) {
                raw.post(CHAT, chat("f10"));
                assertThat(raw.closedByServer(2_000)).isTrue();
            }
        }
        try (RawHttp raw = new RawHttp(simulator.port())) {
            raw.post(CHAT, chat("f10"));
            assertThat(raw.read().status()).isEqualTo(200);
        }
    }

    @Test
    void close_dropsHangingConnections() throws IOException {
        UpstreamSimulator own = UpstreamSimulator.start();
        own.script(ScriptSpec.of("nonce=f11", ResponseSpec.hang(60_000)));
        try (RawHttp raw = new RawHttp(own.port())) {
            raw.post(CHAT, chat("f11"));
            while (own.calls("nonce=f11") == 0) {
                Thread.onSpinWait();
            }

            long start = System.nanoTime();
            own.close();

            assertThat(raw.closedByServer(2_000)).isTrue();
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(1_500);
        }
        assertThat(own.requests("nonce=f11").getFirst().peerClosedAtMillis()).isEmpty();
    }
}
