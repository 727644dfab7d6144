package io.sluice.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ControlApiTest {

    private static final String CHAT = "/v1/chat/completions";

    private static UpstreamSimulator simulator;
    private static TestHttp http;

    @BeforeAll
    static void start() {
        simulator = UpstreamSimulator.start();
        http = new TestHttp(simulator);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @BeforeEach
    void reset() {
        assertThat(http.post("/_sim/reset", "").statusCode()).isEqualTo(200);
    }

    private static String chat(String text) {
        return "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}";
    }

    @Test
    void health_isOk() {
        HttpResponse<String> response = http.get("/_sim/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(TestHttp.json(response.body()).path("status").asText()).isEqualTo("ok");
    }

    @Test
    void postedScript_answersMatchingCall() {
        HttpResponse<String> added = http.post("/_sim/scripts", "{\"match\":\"nonce=c1\",\"path\":\"" + CHAT
                + "\",\"responses\":[{\"status\":400,\"body\":{\"error\":{\"message\":\"bad\",\"type\":"
                + "\"invalid_request_error\",\"param\":\"temperature\",\"code\":\"invalid_value\"}}}]}");

        HttpResponse<String> response = http.post(CHAT, chat("nonce=c1"));

        assertThat(added.statusCode()).isEqualTo(200);
        assertThat(TestHttp.json(added.body()).path("id").asText()).startsWith("script-");
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(TestHttp.json(response.body()).path("error").path("param").asText()).isEqualTo("temperature");
    }

    @Test
    void invalidScript_isRejectedWithFieldName() {
        HttpResponse<String> response = http.post("/_sim/scripts", "{\"responses\":[{\"end\":\"later\"}]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(TestHttp.json(response.body()).path("error").path("message").asText())
                .contains("responses[0].end");
    }

    @Test
    void requests_listRecordedCallsWithAllFields() {
        http.post(CHAT, chat("alpha one"), "Authorization", "Bearer PROVKEY-A", "X-Custom", "1");
        http.post("/v1/embeddings", "{\"model\":\"e\",\"input\":\"alpha two\"}");
        http.post(CHAT, chat("beta"));

        JsonNode all = TestHttp.json(http.get("/_sim/requests").body());
        JsonNode alpha = TestHttp.json(http.get("/_sim/requests?match=" + encode("alpha ")).body());
        JsonNode alphaChat = TestHttp.json(http.get("/_sim/requests?match=alpha&path=" + encode(CHAT)).body());

        assertThat(all).hasSize(3);
        assertThat(alpha).hasSize(2);
        assertThat(alphaChat).hasSize(1);
        JsonNode call = alphaChat.get(0);
        assertThat(call.path("seq").asLong()).isEqualTo(all.get(0).path("seq").asLong());
        assertThat(call.path("method").asText()).isEqualTo("POST");
        assertThat(call.path("path").asText()).isEqualTo(CHAT);
        assertThat(call.path("headers").path("authorization").asText()).isEqualTo("Bearer PROVKEY-A");
        assertThat(call.path("headers").path("x-custom").asText()).isEqualTo("1");
        assertThat(call.path("body").asText()).isEqualTo(chat("alpha one"));
        assertThat(call.path("received_at_ms").asLong()).isPositive();
        assertThat(call.path("events_sent_at_ms").isArray()).isTrue();
        assertThat(call.path("events_sent").asInt()).isZero();
        assertThat(call.has("peer_closed_at_ms")).isTrue();
        assertThat(call.path("peer_closed_at_ms").isNull()).isTrue();
        assertThat(call.path("completed").asBoolean()).isTrue();
        assertThat(all.get(1).path("seq").asLong()).isGreaterThan(all.get(0).path("seq").asLong());
    }

    @Test
    void calls_countMatchesAndIgnoreControlCalls() {
        http.post(CHAT, chat("gamma"));
        http.post(CHAT, chat("gamma"));
        http.get("/_sim/health");

        JsonNode gamma = TestHttp.json(http.get("/_sim/calls?match=gamma").body());
        JsonNode all = TestHttp.json(http.get("/_sim/calls").body());
        JsonNode otherPath = TestHttp.json(http.get("/_sim/calls?match=gamma&path=/v1/messages").body());

        assertThat(gamma.path("count").asInt()).isEqualTo(2);
        assertThat(all.path("count").asInt()).isEqualTo(2);
        assertThat(otherPath.path("count").asInt()).isZero();
    }

    @Test
    void deletes_resetScriptsAndRequests() {
        http.post("/_sim/scripts", "{\"match\":\"delta\",\"responses\":[{\"status\":500}]}");
        String id = TestHttp.json(http.post("/_sim/scripts", "{\"match\":\"epsilon\",\"responses\":[{\"status\":"
                + "500}]}").body()).path("id").asText();
        http.post(CHAT, chat("x"));

        HttpResponse<String> deletedOne = http.delete("/_sim/scripts/" + id);
        HttpResponse<String> deletedScripts = http.delete("/_sim/scripts");
        HttpResponse<String> deletedRequests = http.delete("/_sim/requests");

        assertThat(TestHttp.json(deletedOne.body()).path("deleted").asInt()).isEqualTo(1);
        assertThat(TestHttp.json(deletedScripts.body()).path("deleted").asInt()).isEqualTo(1);
        assertThat(TestHttp.json(deletedRequests.body()).path("deleted").asInt()).isEqualTo(1);
        assertThat(http.post(CHAT, chat("delta")).statusCode()).isEqualTo(200);
        assertThat(http.delete("/_sim/scripts/" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void unknownControlPath_isNotFound() {
        assertThat(http.get("/_sim/nothing").statusCode()).isEqualTo(404);
        assertThat(http.get("/_sim/scripts").statusCode()).isEqualTo(405);
        assertThat(simulator.requests()).isEmpty();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
