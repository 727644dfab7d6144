package io.sluice.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EmbeddingsTest {

    private static final String PATH = "/v1/embeddings";

    private static UpstreamSimulator simulator;
    private static TestHttp http;

    @BeforeAll
    static void start() {
        simulator = UpstreamSimulator.start(SimulatorOptions.builder().embeddingDimensions(12).build());
        http = new TestHttp(simulator);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void floatFormat_returnsUnitVectorsOfDefaultLength() {
        JsonNode body = postJson("{\"model\":\"fu-embedding\",\"input\":[\"red bicycle\",\"blue car here\"]}");

        assertThat(body.path("object").asText()).isEqualTo("list");
        assertThat(body.path("model").asText()).isEqualTo("fu-embedding");
        assertThat(body.path("data")).hasSize(2);
        for (int i = 0; i < 2; i++) {
            JsonNode item = body.path("data").get(i);
            assertThat(item.path("object").asText()).isEqualTo("embedding");
            assertThat(item.path("index").asInt()).isEqualTo(i);
            float[] vector = floats(item.path("embedding"));
            assertThat(vector).hasSize(12);
            assertThat(norm(vector)).isCloseTo(1.0, Offset.offset(1e-5));
        }
        assertThat(body.path("usage").path("prompt_tokens").asInt()).isEqualTo(5);
        assertThat(body.path("usage").path("total_tokens").asInt()).isEqualTo(5);
    }

    @Test
    void base64Format_decodesToTheSameFloats() {
        JsonNode floats = postJson("{\"model\":\"e\",\"input\":\"hello world\",\"encoding_format\":\"float\"}");
        JsonNode base64 = postJson("{\"model\":\"e\",\"input\":\"hello world\",\"encoding_format\":\"base64\"}");

        float[] expected = floats(floats.path("data").get(0).path("embedding"));
        byte[] bytes = Base64.getDecoder().decode(base64.path("data").get(0).path("embedding").asText());
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] decoded = new float[bytes.length / 4];
        for (int i = 0; i < decoded.length; i++) {
            decoded[i] = buffer.getFloat();
        }
        assertThat(bytes).hasSize(12 * 4);
        assertThat(decoded).containsExactly(expected);
    }

    @Test
    void sameItem_sameVectorWhateverItsNeighbours() {
        JsonNode alone = postJson("{\"model\":\"e\",\"input\":\"apple\"}");
        JsonNode batch = postJson("{\"model\":\"other\",\"input\":[\"pear\",\"apple\"]}");

        assertThat(floats(batch.path("data").get(1).path("embedding")))
                .containsExactly(floats(alone.path("data").get(0).path("embedding")));
        assertThat(floats(batch.path("data").get(0).path("embedding")))
                .isNotEqualTo(floats(alone.path("data").get(0).path("embedding")));
    }

    @Test
    void dimensions_setsVectorLength() {
        JsonNode body = postJson("{\"model\":\"e\",\"input\":\"apple\",\"dimensions\":3}");

        assertThat(floats(body.path("data").get(0).path("embedding"))).hasSize(3);
    }

    @Test
    void tokenInputs_countIds() {
        JsonNode single = postJson("{\"model\":\"e\",\"input\":[1,2,3]}");
        JsonNode nested = postJson("{\"model\":\"e\",\"input\":[[1,2],[3,4,5]]}");

        assertThat(single.path("data")).hasSize(1);
        assertThat(single.path("usage").path("prompt_tokens").asInt()).isEqualTo(3);
        assertThat(nested.path("data")).hasSize(2);
        assertThat(nested.path("usage").path("prompt_tokens").asInt()).isEqualTo(5);
    }

    @Test
    void emptyInputs_areRejectedNamingInput() {
        for (String input : new String[] {"\"\"", "[]", "[\"a\",\"\"]", "[[]]", "null", "{}"}) {
            HttpResponse<String> response = http.post(PATH, "{\"model\":\"e\",\"input\":" + input + "}");

            assertThat(response.statusCode()).as(input).isEqualTo(400);
            JsonNode error = TestHttp.json(response.body()).path("error");
            assertThat(error.path("param").asText()).as(input).isEqualTo("input");
            assertThat(error.path("type").asText()).as(input).isEqualTo("invalid_request_error");
        }
    }

    @Test
    void unknownEncodingFormat_isRejected() {
        HttpResponse<String> response =
                http.post(PATH, "{\"model\":\"e\",\"input\":\"a\",\"encoding_format\":\"hex\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(TestHttp.json(response.body()).path("error").path("param").asText()).isEqualTo("encoding_format");
    }

    private static JsonNode postJson(String request) {
        HttpResponse<String> response = http.post(PATH, request);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return TestHttp.exactJson(response.body());
    }

    private static float[] floats(JsonNode array) {
        float[] values = new float[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = Float.parseFloat(array.get(i).decimalValue().toString());
        }
        return values;
    }

    private static double norm(float[] vector) {
        double sum = 0;
        for (float value : vector) {
            sum += value * value;
        }
        return Math.sqrt(sum);
    }
}
