package io.sluice.simulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.JsonNodeFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Shared Jackson mappers and the few JSON helpers that the simulator needs. */
final class Json {

    /**
     * Mapper for request bodies. Strings may be as long as the largest accepted request body, so that a large
     * base64 image in a message does not turn into a parse error.
     */
    static final ObjectMapper MAPPER = JsonMapper.builder(factory())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Mapper for scripts: decimal numbers keep the digits they were written with ({@code 1.50} stays 1.50). */
    static final ObjectMapper EXACT = JsonMapper.builder(factory())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(JsonNodeFeature.STRIP_TRAILING_BIGDECIMAL_ZEROES)
            .build();

    private Json() {
    }

    private static JsonFactory factory() {
        StreamReadConstraints constraints = StreamReadConstraints.builder()
                .maxStringLength(Integer.MAX_VALUE)
                .build();
        return JsonFactory.builder().streamReadConstraints(constraints).build();
    }

    /** Parses a request body, throwing {@link IOException} when it is empty or not one JSON value. */
    static JsonNode parse(byte[] body) throws IOException {
        JsonNode node = MAPPER.readTree(body);
        if (node == null || node.isMissingNode()) {
            throw new IOException("request body is empty");
        }
        return node;
    }

    /** Returns a new empty JSON object. */
    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    /** Returns a new empty JSON array. */
    static ArrayNode array() {
        return MAPPER.createArrayNode();
    }

    /** Serializes a node as compact JSON in UTF-8. */
    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Serializes a node as compact JSON text. */
    static String text(JsonNode node) {
        try {
            return EXACT.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
