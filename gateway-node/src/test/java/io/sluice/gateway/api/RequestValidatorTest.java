package io.sluice.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RequestValidatorTest {

    @Test
    void chat_acceptsFullRequestWithUnknownFields() {
        assertThatCode(() -> RequestValidator.chat(body("{\"model\":\"m\",\"messages\":[{\"role\":\"system\","
                + "\"content\":\"s\"},{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"x\"}]},"
                + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[]}],\"temperature\":0,\"top_p\":1,"
                + "\"n\":3,\"stop\":[\"a\"],\"max_tokens\":5,\"logit_bias\":{\"50256\":-100},\"seed\":1,"
                + "\"stream\":true,\"stream_options\":{\"include_usage\":true},\"brand_new_field\":{\"x\":1}}")))
                .doesNotThrowAnyException();
    }

    @Test
    void chat_namesTheFieldAtFault() {
        assertThat(param("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")).isEqualTo("model");
        assertThat(param("{\"model\":5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")).isEqualTo("model");
        assertThat(param("{\"model\":\"m\"}")).isEqualTo("messages");
        assertThat(param("{\"model\":\"m\",\"messages\":[]}")).isEqualTo("messages");
        assertThat(param("{\"model\":\"m\",\"messages\":[{\"role\":\"robot\",\"content\":\"x\"}]}"))
                .isEqualTo("messages[0].role");
        assertThat(param("{\"model\":\"m\",\"messages\":[{\"role\":\"user\"}]}")).isEqualTo("messages[0].content");
        assertThat(param(withField("\"temperature\":5"))).isEqualTo("temperature");
        assertThat(param(withField("\"temperature\":\"hot\""))).isEqualTo("temperature");
        assertThat(param(withField("\"n\":1.5"))).isEqualTo("n");
        assertThat(param(withField("\"stream\":\"yes\""))).isEqualTo("stream");
        assertThat(param(withField("\"stop\":[1]"))).isEqualTo("stop");
        assertThat(param(withField("\"logit_bias\":{\"1\":500}"))).isEqualTo("logit_bias.1");
        assertThat(param(withField("\"stream_options\":{\"include_usage\":1}")))
                .isEqualTo("stream_options.include_usage");
    }

    @Test
    void chat_messageShowsValueAndRule() {
        GatewayException error = catchThrowableOfType(GatewayException.class,
                () -> RequestValidator.chat(body(withField("\"temperature\":5"))));

        assertThat(error.getMessage()).isEqualTo("Invalid 'temperature': 5 (expected: a number from 0 to 2).");
        assertThat(error.kind().status()).isEqualTo(400);
    }

    @Test
    void embedding_checksInputShapes() {
        assertThatCode(() -> RequestValidator.embedding(body("{\"model\":\"e\",\"input\":[[1,2],[3]]}")))
                .doesNotThrowAnyException();
        assertThat(embeddingParam("{\"model\":\"e\",\"input\":\"\"}")).isEqualTo("input");
        assertThat(embeddingParam("{\"model\":\"e\",\"input\":[]}")).isEqualTo("input");
        assertThat(embeddingParam("{\"model\":\"e\",\"input\":[\"a\",\"\"]}")).isEqualTo("input[1]");
        assertThat(embeddingParam("{\"model\":\"e\",\"input\":\"a\",\"encoding_format\":\"hex\"}"))
                .isEqualTo("encoding_format");
        assertThat(embeddingParam("{\"model\":\"e\",\"input\":\"a\",\"dimensions\":0}")).isEqualTo("dimensions");
    }

    private static String withField(String field) {
        return "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]," + field + "}";
    }

    private static String param(String json) {
        return catchThrowableOfType(GatewayException.class, () -> RequestValidator.chat(body(json))).param();
    }

    private static String embeddingParam(String json) {
        return catchThrowableOfType(GatewayException.class, () -> RequestValidator.embedding(body(json))).param();
    }

    private static ObjectNode body(String json) throws IOException {
        return (ObjectNode) Json.parse(json.getBytes(StandardCharsets.UTF_8));
    }
}
