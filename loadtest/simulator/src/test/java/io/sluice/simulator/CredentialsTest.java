package io.sluice.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CredentialsTest {

    private static final String CHAT = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
    private static final String MESSAGE = "{\"model\":\"c\",\"max_tokens\":5,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    private static UpstreamSimulator simulator;
    private static TestHttp http;

    @BeforeAll
    static void start() {
        simulator = UpstreamSimulator.start(SimulatorOptions.builder().apiKey("PROVKEY-A").build());
        http = new TestHttp(simulator);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void openAiPath_needsBearerKey() {
        HttpResponse<String> good = http.post("/v1/chat/completions", CHAT, "Authorization", "Bearer PROVKEY-A");
        HttpResponse<String> wrong = http.post("/v1/chat/completions", CHAT, "Authorization", "Bearer GWKEY");
        HttpResponse<String> missing = http.post("/v1/chat/completions", CHAT);
        HttpResponse<String> anthropicStyle = http.post("/v1/chat/completions", CHAT, "x-api-key", "PROVKEY-A");

        assertThat(good.statusCode()).isEqualTo(200);
        for (HttpResponse<String> response : new HttpResponse[] {wrong, missing, anthropicStyle}) {
            assertThat(response.statusCode()).isEqualTo(401);
            JsonNode error = TestHttp.json(response.body()).path("error");
            assertThat(error.path("code").asText()).isEqualTo("invalid_api_key");
            assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        }
    }

    @Test
    void messagesPath_needsApiKeyHeaderAndVersion() {
        HttpResponse<String> good = http.post("/v1/messages", MESSAGE,
                "x-api-key", "PROVKEY-A", "anthropic-version", "2023-06-01");
        HttpResponse<String> wrong = http.post("/v1/messages", MESSAGE,
                "x-api-key", "GWKEY", "anthropic-version", "2023-06-01");
        HttpResponse<String> bearer = http.post("/v1/messages", MESSAGE,
                "Authorization", "Bearer PROVKEY-A", "anthropic-version", "2023-06-01");
        HttpResponse<String> noVersion = http.post("/v1/messages", MESSAGE, "x-api-key", "PROVKEY-A");

        assertThat(good.statusCode()).isEqualTo(200);
        for (HttpResponse<String> response : new HttpResponse[] {wrong, bearer}) {
            assertThat(response.statusCode()).isEqualTo(401);
            JsonNode body = TestHttp.json(response.body());
            assertThat(body.path("type").asText()).isEqualTo("error");
            assertThat(body.path("error").path("type").asText()).isEqualTo("authentication_error");
        }
        assertThat(noVersion.statusCode()).isEqualTo(400);
        assertThat(TestHttp.json(noVersion.body()).path("error").path("message").asText())
                .contains("anthropic-version");
    }

    @Test
    void rejectedCalls_areStillRecorded() {
        simulator.clearRequests();

        http.post("/v1/chat/completions", "{\"nonce\":\"r1\"}", "Authorization", "Bearer nope");

        RecordedRequest recorded = simulator.requests("r1").getFirst();
        assertThat(recorded.header("authorization")).hasValue("Bearer nope");
    }

    @Test
    void controlApi_needsNoKey() {
        assertThat(http.get("/_sim/health").statusCode()).isEqualTo(200);
    }
}
