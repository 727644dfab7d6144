package io.sluice.gateway.it;

import static io.sluice.gateway.it.CacheIntegrationTest.nonce;
import static io.sluice.gateway.it.TestGateway.KA;
import static io.sluice.gateway.it.TestGateway.K_RESTRICTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.simulator.RecordedRequest;
import io.sluice.simulator.UpstreamSimulator;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Client keys in every supported header style; the client key never reaches an upstream. */
class AuthIntegrationTest {

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
    void headerStyles_useProviderKey() {
        String nonce = nonce();
        Map<String, String[]> styles = Map.of(
                "a1", new String[] {"authorization", "Bearer " + KA, "m-claude"},
                "a2", new String[] {"x-api-key", KA, "m-claude"},
                "a4", new String[] {"api-key", KA, "m-openai"},
                "a5", new String[] {"authorization", "Bearer " + KA, "m-openai"});
        styles.forEach((name, style) -> {
            HttpResponse<String> response = send(style[2], name + " nonce=" + nonce, style[0], style[1]);
            assertThat(response.statusCode()).as(name + ": " + response.body()).isEqualTo(200);
        });

        assertCredentials(gateway.fuA, nonce, "authorization", "Bearer " + TestGateway.PROVKEY_A, 2);
        assertCredentials(gateway.fuD, nonce, "x-api-key", TestGateway.PROVKEY_D, 2);
    }

    @Test
    void invalidKey_is401Everywhere() {
        String nonce = nonce();
        String[][] styles = {{"authorization", "Bearer sk-invalid-key-0000", "m-claude"},
            {"x-api-key", "sk-invalid-key-0000", "m-claude"}, {"api-key", "sk-invalid-key-0000", "m-openai"},
            {"authorization", "Basic dXNlcjpwYXNz", "m-openai"}};
        for (String[] style : styles) {
            HttpResponse<String> response = send(style[2], "invalid nonce=" + nonce, style[0], style[1]);
            assertThat(response.statusCode()).isEqualTo(401);
        }

        assertThat(gateway.fuA.calls(nonce)).isZero();
        assertThat(gateway.fuD.calls(nonce)).isZero();
    }

    @Test
    void models_listsOnlyAliasesTheKeyMayUse() {
        HttpResponse<String> restricted = gateway.get("/v1/models", K_RESTRICTED);
        HttpResponse<String> full = gateway.get("/v1/models", KA);

        JsonNode list = Sse.json(restricted.body());
        assertThat(list.path("object").asText()).isEqualTo("list");
        assertThat(list.path("data")).hasSize(1);
        JsonNode model = list.path("data").get(0);
        assertThat(model.path("id").asText()).isEqualTo("m-openai");
        assertThat(model.path("object").asText()).isEqualTo("model");
        assertThat(model.path("created").isIntegralNumber()).isTrue();
        assertThat(model.path("owned_by").isTextual()).isTrue();
        assertThat(Sse.json(full.body()).path("data").size()).isGreaterThan(1);
    }

    @Test
    void retrieveModel_honoursKeyScope() {
        HttpResponse<String> allowed = gateway.get("/v1/models/m-openai", K_RESTRICTED);
        HttpResponse<String> forbidden = gateway.get("/v1/models/m-claude", K_RESTRICTED);

        assertThat(allowed.statusCode()).isEqualTo(200);
        assertThat(Sse.json(allowed.body()).path("id").asText()).isEqualTo("m-openai");
        assertThat(forbidden.statusCode()).isEqualTo(404);
        assertThat(Sse.json(forbidden.body()).at("/error/code").asText()).isEqualTo("model_not_found");
    }

    private static HttpResponse<String> send(String model, String prompt, String header, String value) {
        String body = "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + prompt
                + "\"}]}";
        return gateway.send(HttpRequest.newBuilder(URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                .timeout(Duration.ofSeconds(20))
                .header("content-type", "application/json").header(header, value)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static void assertCredentials(UpstreamSimulator upstream, String nonce, String header, String expected,
                                          int calls) {
        assertThat(upstream.requests(nonce)).hasSize(calls);
        for (RecordedRequest request : upstream.requests(nonce)) {
            assertThat(request.header(header)).contains(expected);
            request.headers().forEach((name, value) -> {
                assertThat(value).as(name).doesNotContain(KA);
                assertThat(value).as(name).isNotBlank().isNotEqualTo("None").isNotEqualTo("null");
            });
            assertThat(request.body()).doesNotContain(KA);
            assertThat(request.headers().keySet()).isSubsetOf(java.util.Set.of("host", "content-type", "accept",
                    "user-agent", "content-length", "connection", "authorization", "x-api-key", "anthropic-version",
                    "traceparent", "tracestate"));
            if (!header.equals("authorization")) {
                assertThat(request.header("authorization")).isEmpty();
            }
        }
    }
}
