package io.sluice.gateway.cache;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.sluice.gateway.api.Json;
import io.sluice.gateway.api.Usage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/**
 * Reads and writes embeddings responses with Jackson's streaming API.
 *
 * <p>A batch of 2048 large vectors is tens of megabytes of JSON. A JSON tree of it would hold one node object
 * per number, several times the size of the text; streaming reads each vector straight into a
 * {@code float[]} and writes the response the same way.
 */
public final class EmbeddingResponses {

    private EmbeddingResponses() {
    }

    /**
     * An upstream embeddings response.
     *
     * @param vectors      the vectors, in input order
     * @param promptTokens {@code usage.prompt_tokens}
     * @param model        {@code model}, or {@code null} if absent
     */
    public record Parsed(List<float[]> vectors, long promptTokens, String model) {
    }

    /**
     * Parses an upstream response for a batch of {@code expected} inputs.
     *
     * @throws IllegalArgumentException if it is not such a response: not JSON, an error object, a wrong
     *     number of vectors, or a missing, repeated or out-of-range {@code index}
     */
    public static Parsed parse(byte[] body, int expected) {
        float[][] vectors = new float[expected][];
        long promptTokens = 0;
        String model = null;
        try (JsonParser parser = Json.mapper().getFactory().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("the body is not a JSON object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                switch (field) {
                    case "data" -> readData(parser, vectors);
                    case "model" -> model = parser.currentToken() == JsonToken.VALUE_STRING ? parser.getText() : null;
                    case "usage" -> promptTokens = readPromptTokens(parser);
                    case "error" -> throw new IllegalArgumentException("the body is an error object");
                    default -> parser.skipChildren();
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("the body is not valid JSON", e);
        }
        for (int i = 0; i < expected; i++) {
            if (vectors[i] == null) {
                throw new IllegalArgumentException("no embedding for input " + i + " of " + expected);
            }
        }
        return new Parsed(Arrays.asList(vectors), promptTokens, model);
    }

    /** Reads only {@code usage} from a response, skipping the vectors. */
    public static Usage usage(byte[] body) {
        try (JsonParser parser = Json.mapper().getFactory().createParser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                return Usage.NONE;
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (field.equals("usage")) {
                    return new Usage(readPromptTokens(parser), 0);
                }
                parser.skipChildren();
            }
            return Usage.NONE;
        } catch (IOException e) {
            throw new IllegalArgumentException("the body is not valid JSON", e);
        }
    }

    /**
     * Writes an OpenAI embeddings response.
     *
     * @param base64 write each vector as base64 of little-endian float32 rather than as a number array
     */
    public static byte[] write(List<float[]> vectors, String model, long promptTokens, boolean base64) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(vectors.size() * 64 + 128);
        try {
            write(vectors, model, promptTokens, base64, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Writes an OpenAI embeddings response to a stream, without holding the whole body in memory. */
    public static void write(List<float[]> vectors, String model, long promptTokens, boolean base64,
                             OutputStream out) throws IOException {
        try (JsonGenerator generator = Json.mapper().getFactory().createGenerator(out)) {
            generator.writeStartObject();
            generator.writeStringField("object", "list");
            generator.writeArrayFieldStart("data");
            for (int i = 0; i < vectors.size(); i++) {
                generator.writeStartObject();
                generator.writeStringField("object", "embedding");
                generator.writeNumberField("index", i);
                generator.writeFieldName("embedding");
                if (base64) {
                    generator.writeString(EmbeddingVectors.base64(vectors.get(i)));
                } else {
                    generator.writeStartArray();
                    for (float value : vectors.get(i)) {
                        generator.writeNumber(value);
                    }
                    generator.writeEndArray();
                }
                generator.writeEndObject();
            }
            generator.writeEndArray();
            generator.writeStringField("model", model);
            generator.writeObjectFieldStart("usage");
            generator.writeNumberField("prompt_tokens", promptTokens);
            generator.writeNumberField("total_tokens", promptTokens);
            generator.writeEndObject();
            generator.writeEndObject();
        }
    }

    private static void readData(JsonParser parser, float[][] vectors) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw new IllegalArgumentException("data is not an array");
        }
        while (parser.nextToken() == JsonToken.START_OBJECT) {
            int index = -1;
            float[] vector = null;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                if (field.equals("index") && value == JsonToken.VALUE_NUMBER_INT) {
                    index = parser.getIntValue();
                } else if (field.equals("embedding")) {
                    vector = readVector(parser);
                } else {
                    parser.skipChildren();
                }
            }
            if (index < 0 || index >= vectors.length) {
                throw new IllegalArgumentException("embedding index " + index + " is out of range");
            }
            if (vectors[index] != null) {
                throw new IllegalArgumentException("embedding index " + index + " appears twice");
            }
            if (vector == null) {
                throw new IllegalArgumentException("embedding " + index + " has no vector");
            }
            vectors[index] = vector;
        }
    }

    private static float[] readVector(JsonParser parser) throws IOException {
        if (parser.currentToken() == JsonToken.VALUE_STRING) {
            return EmbeddingVectors.read(Json.mapper().getNodeFactory().textNode(parser.getText()));
        }
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw new IllegalArgumentException("an embedding is neither an array nor a base64 string");
        }
        float[] values = new float[256];
        int size = 0;
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
            if (!token.isNumeric()) {
                throw new IllegalArgumentException("an embedding value is not a number");
            }
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = parser.getFloatValue();
        }
        return Arrays.copyOf(values, size);
    }

    private static long readPromptTokens(JsonParser parser) throws IOException {
        long tokens = 0;
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return tokens;
        }
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            parser.nextToken();
            if (field.equals("prompt_tokens") && parser.currentToken().isNumeric()) {
                tokens = parser.getLongValue();
            } else {
                parser.skipChildren();
            }
        }
        return tokens;
    }

}
