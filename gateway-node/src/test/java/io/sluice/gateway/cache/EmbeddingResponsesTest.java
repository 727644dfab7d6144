package io.sluice.gateway.cache;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sluice.gateway.api.Json;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmbeddingResponsesTest {

    @Test
    void parse_readsVectorsByIndexInBothEncodings() {
        String base64 = EmbeddingVectors.base64(new float[] {0.25f, -1.5f});
        String body = "{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":1,\"embedding\":\"" + base64
                + "\"},{\"object\":\"embedding\",\"index\":0,\"embedding\":[0.1,0.2,0.3]}],\"model\":\"m\","
                + "\"usage\":{\"prompt_tokens\":7,\"total_tokens\":7}}";

        EmbeddingResponses.Parsed parsed = EmbeddingResponses.parse(bytes(body), 2);

        assertThat(parsed.vectors().get(0)).containsExactly(0.1f, 0.2f, 0.3f);
        assertThat(parsed.vectors().get(1)).containsExactly(0.25f, -1.5f);
        assertThat(parsed.promptTokens()).isEqualTo(7);
        assertThat(parsed.model()).isEqualTo("m");
    }

    @Test
    void parse_rejectsBadIndexes() {
        String twice = "{\"data\":[{\"index\":0,\"embedding\":[1]},{\"index\":0,\"embedding\":[2]}]}";
        String missing = "{\"data\":[{\"index\":0,\"embedding\":[1]}]}";
        String outside = "{\"data\":[{\"index\":5,\"embedding\":[1]},{\"index\":0,\"embedding\":[2]}]}";

        assertThatThrownBy(() -> EmbeddingResponses.parse(bytes(twice), 2)).hasMessageContaining("twice");
        assertThatThrownBy(() -> EmbeddingResponses.parse(bytes(missing), 2)).hasMessageContaining("input 1");
        assertThatThrownBy(() -> EmbeddingResponses.parse(bytes(outside), 2)).hasMessageContaining("out of range");
        assertThatThrownBy(() -> EmbeddingResponses.parse(bytes("{\"error\":{}}"), 1))
                .hasMessageContaining("error");
    }

    @Test
    void write_roundTripsThroughParse() throws Exception {
        List<float[]> vectors = List.of(new float[] {0.1f, -0.2f}, new float[] {3.5f});

        byte[] floats = EmbeddingResponses.write(vectors, "m", 9, false);
        byte[] base64 = EmbeddingResponses.write(vectors, "m", 9, true);

        assertThat(new String(floats, StandardCharsets.UTF_8)).contains("[0.1,-0.2]");
        assertThat(EmbeddingResponses.parse(floats, 2).vectors().get(1)).containsExactly(3.5f);
        assertThat(EmbeddingResponses.parse(base64, 2).vectors().get(0)).containsExactly(0.1f, -0.2f);
        assertThat(Json.parse(base64).at("/usage/total_tokens").asInt()).isEqualTo(9);
        assertThat(EmbeddingResponses.usage(floats).promptTokens()).isEqualTo(9);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
