package io.sluice.gateway.it;

import static io.sluice.gateway.it.CacheIntegrationTest.chat;
import static io.sluice.gateway.it.CacheIntegrationTest.nonce;
import static io.sluice.gateway.it.Scripts.script;
import static io.sluice.gateway.it.TestGateway.KA;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.gateway.api.Json;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Every failure reaches the client as an OpenAI error with the right status, and leaks nothing. */
class ErrorMappingIntegrationTest {

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
    void malformedJson_is400() {
        HttpResponse<String> response = gateway.post("/v1/chat/completions", KA, "{\"model\": \"m-openai\",");

        assertError(response, 400, "invalid_request_error");
    }

    @Test
    void wrongType_is400NamingParam() {
        HttpResponse<String> response = gateway.post("/v1/chat/completions", KA,
                "{\"model\":\"m-openai\",\"messages\":\"hello\"}");

        JsonNode error = assertError(response, 400, "invalid_request_error");
        assertThat(error.path("param").asText()).isEqualTo("messages");
    }

    @Test
    void missingOrWrongKey_is401() {
        HttpResponse<String> missing = gateway.post("/v1/chat/completions", null, chat("x", null));
        HttpResponse<String> wrong = gateway.post("/v1/chat/completions", "sk-not-a-key-123456", chat("x", null));

        assertThat(assertError(missing, 401, "invalid_request_error").path("code").asText())
                .isEqualTo("invalid_api_key");
        JsonNode error = assertError(wrong, 401, "invalid_request_error");
        assertThat(error.path("message").asText()).doesNotContain("sk-not-a-key-123456").contains("3456");
    }

    @Test
    void unknownOrForbiddenAlias_is404ModelNotFound() {
        HttpResponse<String> unknown = gateway.post("/v1/chat/completions", KA,
                "{\"model\":\"no-such-model\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        HttpResponse<String> forbidden = gateway.post("/v1/chat/completions", TestGateway.K_RESTRICTED,
                "{\"model\":\"m-openai-alt\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");

        assertThat(assertError(unknown, 404, "invalid_request_error").path("code").asText())
                .isEqualTo("model_not_found");
        assertThat(assertError(forbidden, 404, "invalid_request_error").path("param").asText()).isEqualTo("model");
    }

    @Test
    void oversizedBody_is413() {
        String big = chat("x".repeat(70_000), null);

        HttpResponse<String> response = gateway.post("/v1/chat/completions", KA, big);

        assertThat(assertError(response, 413, "invalid_request_error").path("code").asText())
                .isEqualTo("request_too_large");
        assertThat(response.headers().firstValue("x-request-id")).isPresent();
    }

    @Test
    void deeplyNestedJson_is400() {
        String nested = "[".repeat(5000) + "]".repeat(5000);

        HttpResponse<String> response = gateway.post("/v1/chat/completions", KA,
                "{\"model\":\"m-openai\",\"extra\":" + nested + ",\"messages\":[]}");

        JsonNode error = assertError(response, 400, "invalid_request_error");
        assertThat(error.path("message").asText()).doesNotContain("jackson").doesNotContain("Exception");
    }

    @Test
    void chunkedOversizedBody_is413() {
        byte[] big = chat("y".repeat(200_000), null).getBytes(java.nio.charset.StandardCharsets.UTF_8);

        HttpResponse<String> response = gateway.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(gateway.baseUrl() + "/v1/chat/completions"))
                .header("authorization", "Bearer " + KA).header("content-type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(big)))
                .build());

        assertError(response, 413, "invalid_request_error");
    }

    @Test
    void unknownRoute_is404() {
        HttpResponse<String> response = gateway.get("/v1/nothing-here", KA);

        assertError(response, 404, "invalid_request_error");
    }

    @Test
    void unreachableUpstream_is502() {
        HttpResponse<String> response = gateway.post("/v1/chat/completions", KA,
                "{\"model\":\"m-nowhere\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");

        JsonNode error = assertError(response, 502, "server_error");
        assertThat(error.path("message").asText()).doesNotContain("127.0.0.1").doesNotContain(":9");
    }

    @Test
    void slowUpstream_is504() {
        String nonce = nonce();
        ObjectNode slow = Scripts.json(200, Scripts.completion("late", "stop", 1, 1));
        slow.put("delay_ms", 5_000);
        script(gateway.fuC, "nonce=" + nonce, slow);

        HttpResponse<String> response = gateway.post("/v1/chat/completions", KA,
                "{\"model\":\"m-fallback\",\"messages\":[{\"role\":\"user\",\"content\":\"slow nonce=" + nonce + "\"}]}");

        assertThat(assertError(response, 504, "server_error").path("code").asText()).isEqualTo("upstream_timeout");
    }

    @Test
    void upstreamError_passesThroughScrubbed() {
        String nonce = nonce();
        ObjectNode limited = Scripts.json(429, "{\"error\":{\"message\":\"Rate limit reached for fu-model at "
                + gateway.fuA.baseUrl() + "/v1/chat/completions using key PROVKEY-A\",\"type\":\"requests\","
                + "\"param\":null,\"code\":\"rate_limit_exceeded\"},\"internal\":\"secret-host.internal\"}");
        limited.putObject("headers").put("Retry-After", "7").put("x-upstream-secret", "nope");
        script(gateway.fuA, "nonce=" + nonce, limited);

        HttpResponse<String> response = gateway.post("/v1/chat/completions", KA, chat("limit nonce=" + nonce, null));

        JsonNode error = assertError(response, 429, "requests");
        assertThat(error.path("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(response.headers().firstValue("retry-after")).contains("7");
        assertThat(response.headers().firstValue("x-upstream-secret")).isEmpty();
        assertThat(response.body()).doesNotContain("PROVKEY-A").doesNotContain("127.0.0.1")
                .doesNotContain("secret-host");
    }

    @Test
    void upstreamBadRequest_keepsParamAndCode() {
        String nonce = nonce();
        script(gateway.fuA, "nonce=" + nonce, Scripts.json(400, "{\"error\":{\"message\":\"Invalid 'temperature': "
                + "must be <= 2\",\"type\":\"invalid_request_error\",\"param\":\"temperature\",\"code\":"
                + "\"invalid_value\"}}"));

        HttpResponse<String> response = gateway.post("/v1/chat/completions", KA, chat("bad nonce=" + nonce, null));

        JsonNode error = assertError(response, 400, "invalid_request_error");
        assertThat(error.path("param").asText()).isEqualTo("temperature");
        assertThat(error.path("code").asText()).isEqualTo("invalid_value");
        assertThat(gateway.fuA.calls("nonce=" + nonce)).isEqualTo(1);
    }

    @Test
    void rejectedProviderKey_is502() {
        String nonce = nonce();
        script(gateway.fuA, "nonce=" + nonce, Scripts.json(401, "{\"error\":{\"message\":\"Incorrect API key "
                + "provided: PROVKEY-A\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":"
                + "\"invalid_api_key\"}}"));

        HttpResponse<String> response = gateway.post("/v1/chat/completions", KA, chat("auth nonce=" + nonce, null));

        assertThat(assertError(response, 502, "server_error").path("code").asText()).isEqualTo("upstream_auth_failed");
        assertThat(response.body()).doesNotContain("PROVKEY-A");
    }

    @Test
    void multipleChoices_areAllReturned() {
        String nonce = nonce();
        HttpResponse<String> response = gateway.post("/v1/chat/completions", KA,
                "{\"model\":\"m-openai\",\"n\":3,\"messages\":[{\"role\":\"user\",\"content\":\"three nonce="
                        + nonce + "\"}]}");

        JsonNode choices = Sse.json(response.body()).path("choices");
        assertThat(choices).hasSize(3);
        assertThat(choices.findValues("index")).extracting(JsonNode::asInt).containsExactlyInAnyOrder(0, 1, 2);
        assertThat(gateway.fuA.requests("nonce=" + nonce).get(0).bodyJson().path("n").asInt()).isEqualTo(3);
    }

    @Test
    void multipleChoicesUnsupported_isExplicit400() {
        String nonce = nonce();
        script(gateway.fuA, "nonce=" + nonce, Scripts.json(400, "{\"error\":{\"message\":\"n must be 1\","
                + "\"type\":\"invalid_request_error\",\"param\":\"n\",\"code\":null}}"));

        HttpResponse<String> response = gateway.post("/v1/chat/completions", KA,
                "{\"model\":\"m-openai\",\"n\":3,\"messages\":[{\"role\":\"user\",\"content\":\"three nonce="
                        + nonce + "\"}]}");

        assertThat(assertError(response, 400, "invalid_request_error").path("param").asText()).isEqualTo("n");
    }

    @Test
    void everyResponse_carriesRequestId() {
        HttpResponse<String> ok = gateway.get("/v1/models", KA);
        HttpResponse<String> failed = gateway.get("/v1/models", null);

        assertThat(ok.headers().firstValue("x-request-id")).hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
        assertThat(failed.headers().firstValue("x-request-id")).isPresent();
    }

    static JsonNode assertError(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("content-type").orElse("")).startsWith("application/json");
        JsonNode body = Sse.json(response.body());
        JsonNode error = body.path("error");
        assertThat(error.isObject()).as(response.body()).isTrue();
        assertThat(error.path("message").isTextual()).isTrue();
        assertThat(error.path("message").asText()).isNotBlank();
        assertThat(error.path("type").asText()).isEqualTo(type);
        assertThat(error.has("param")).isTrue();
        assertThat(error.has("code")).isTrue();
        assertThat(Json.string(body)).isNotEmpty();
        return error;
    }
}
