package io.sluice.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ModelsTest {

    private static UpstreamSimulator simulator;
    private static TestHttp http;

    @BeforeAll
    static void start() {
        simulator = UpstreamSimulator.start(SimulatorOptions.builder().models(List.of("a", "b")).build());
        http = new TestHttp(simulator);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void list_hasOpenAiShape() {
        HttpResponse<String> response = http.get("/v1/models");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode body = TestHttp.json(response.body());
        assertThat(body.path("object").asText()).isEqualTo("list");
        assertThat(body.path("data")).hasSize(2);
        for (JsonNode model : body.path("data")) {
            assertThat(model.path("id").isTextual()).isTrue();
            assertThat(model.path("object").asText()).isEqualTo("model");
            assertThat(model.path("created").isIntegralNumber()).isTrue();
            assertThat(model.path("owned_by").isTextual()).isTrue();
        }
        assertThat(body.path("data").get(0).path("id").asText()).isEqualTo("a");
    }

    @Test
    void retrieve_returnsModelOrNotFound() {
        HttpResponse<String> found = http.get("/v1/models/b");
        HttpResponse<String> missing = http.get("/v1/models/zzz");

        assertThat(found.statusCode()).isEqualTo(200);
        assertThat(TestHttp.json(found.body()).path("id").asText()).isEqualTo("b");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(TestHttp.json(missing.body()).path("error").path("code").asText()).isEqualTo("model_not_found");
    }

    @Test
    void unknownPath_isOpenAiNotFound() {
        HttpResponse<String> response = http.get("/v1/files");

        assertThat(response.statusCode()).isEqualTo(404);
        JsonNode error = TestHttp.json(response.body()).path("error");
        assertThat(error.path("message").asText()).isEqualTo("Invalid URL (GET /v1/files)");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
    }
}
