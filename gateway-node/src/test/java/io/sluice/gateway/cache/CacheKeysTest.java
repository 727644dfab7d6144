package io.sluice.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.gateway.api.Endpoint;
import io.sluice.gateway.api.Json;
import io.sluice.gateway.config.CacheMode;
import io.sluice.gateway.config.Dialect;
import io.sluice.gateway.config.GatewayConfig.ProviderSettings;
import io.sluice.gateway.routing.Route;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CacheKeysTest {

    private static final String BASE = "{\"model\":\"m\",\"temperature\":0,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";

    @Test
    void key_ignoresOrderWhitespaceAndNumberSpelling() throws IOException {
        String reordered = "{ \"messages\" : [ {\"content\":\"hi\", \"role\":\"user\"} ],"
                + " \"temperature\": 0.00, \"model\": \"m\", \"user\": \"someone\", \"stream\": true,"
                + " \"stream_options\": {\"include_usage\": true}, \"seed\": null }";

        assertThat(key(reordered)).isEqualTo(key(BASE));
    }

    @Test
    void key_changesWithEveryOutputField() throws IOException {
        String base = key(BASE);
        String[] variants = {
            "\"response_format\":{\"type\":\"json_object\"}",
            "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]",
            "\"tool_choice\":\"required\"",
            "\"top_p\":0.5",
            "\"n\":2",
            "\"stop\":[\"x\"]",
            "\"max_tokens\":5",
            "\"max_completion_tokens\":5",
            "\"presence_penalty\":1",
            "\"frequency_penalty\":1",
            "\"logit_bias\":{\"1\":5}",
            "\"logprobs\":true",
            "\"seed\":7",
            "\"some_future_field\":1",
        };
        for (String variant : variants) {
            String body = BASE.substring(0, BASE.length() - 1) + "," + variant + "}";
            assertThat(key(body)).as(variant).isNotEqualTo(base);
        }
    }

    @Test
    void key_isolatesTenantsRoutesNamespacesAndEndpoints() throws IOException {
        ObjectNode body = (ObjectNode) Json.parse(BASE.getBytes(StandardCharsets.UTF_8));
        String base = CacheKeys.response("t1", Endpoint.CHAT_COMPLETIONS, route("a", "p", "m"), "", body);

        assertThat(CacheKeys.response("t2", Endpoint.CHAT_COMPLETIONS, route("a", "p", "m"), "", body))
                .isNotEqualTo(base);
        assertThat(CacheKeys.response("t1", Endpoint.CHAT_COMPLETIONS, route("b", "p", "m"), "", body))
                .isNotEqualTo(base);
        assertThat(CacheKeys.response("t1", Endpoint.CHAT_COMPLETIONS, route("a", "q", "m"), "", body))
                .isNotEqualTo(base);
        assertThat(CacheKeys.response("t1", Endpoint.CHAT_COMPLETIONS, route("a", "p", "m2"), "", body))
                .isNotEqualTo(base);
        assertThat(CacheKeys.response("t1", Endpoint.CHAT_COMPLETIONS, route("a", "p", "m"), "v2", body))
                .isNotEqualTo(base);
        assertThat(CacheKeys.response("t1", Endpoint.COMPLETIONS, route("a", "p", "m"), "", body))
                .isNotEqualTo(base);
    }

    private static Route route(String alias, String provider, String upstreamModel) {
        ProviderSettings settings = new ProviderSettings(provider, Dialect.OPENAI, URI.create("http://127.0.0.1:1/v1"),
                Optional.empty(), Duration.ofSeconds(1), Duration.ofSeconds(1), 1, true, "2023-06-01", 16);
        return new Route(alias, settings, upstreamModel, CacheMode.DETERMINISTIC, Optional.empty(), "sluice", 0);
    }

    @Test
    void canonicalForm_sortsKeysAndNormalizesNumbers() throws IOException {
        byte[] canonical = CacheKeys.canonicalBytes(Json.parse(
                "{\"b\":1.50,\"a\":[1e2,0.0,-0],\"c\":null,\"d\":\"é\"}".getBytes(StandardCharsets.UTF_8)));

        assertThat(new String(canonical, StandardCharsets.UTF_8)).isEqualTo("{\"a\":[1E+2,0,0],\"b\":1.5,\"d\":\"é\"}");
    }

    private static String key(String json) throws IOException {
        ObjectNode body = (ObjectNode) Json.parse(json.getBytes(StandardCharsets.UTF_8));
        return CacheKeys.response("tenant", Endpoint.CHAT_COMPLETIONS, route("alias", "p", "m"), "", body);
    }
}
