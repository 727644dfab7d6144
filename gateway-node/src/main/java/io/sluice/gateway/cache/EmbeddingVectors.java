package io.sluice.gateway.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.sluice.gateway.api.Json;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;

/**
 * Converts embedding vectors between the two OpenAI encodings: a JSON array of numbers, and base64 of the
 * little-endian float32 bytes (what the official SDKs request by default).
 */
public final class EmbeddingVectors {

    private EmbeddingVectors() {
    }

    /**
     * Reads an {@code embedding} value in either encoding.
     *
     * @throws IllegalArgumentException if it is neither a number array nor valid base64 of whole floats
     */
    public static float[] read(JsonNode embedding) {
        if (embedding.isArray()) {
            float[] vector = new float[embedding.size()];
            for (int i = 0; i < vector.length; i++) {
                JsonNode value = embedding.get(i);
                if (!value.isNumber()) {
                    throw new IllegalArgumentException("embedding value " + i + " is not a number");
                }
                vector[i] = value.floatValue();
            }
            return vector;
        }
        if (embedding.isTextual()) {
            byte[] bytes = Base64.getDecoder().decode(embedding.textValue());
            if (bytes.length % Float.BYTES != 0) {
                throw new IllegalArgumentException("base64 embedding is not a whole number of float32 values");
            }
            float[] vector = new float[bytes.length / Float.BYTES];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(vector);
            return vector;
        }
        throw new IllegalArgumentException("embedding is neither an array nor a base64 string");
    }

    /** Writes a vector as a JSON number array. */
    public static ArrayNode floats(float[] vector) {
        ArrayNode array = Json.mapper().createArrayNode();
        for (float value : vector) {
            array.add(value);
        }
        return array;
    }

    /** Writes a vector as base64 of its little-endian float32 bytes. */
    public static String base64(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        buffer.asFloatBuffer().put(vector);
        return Base64.getEncoder().encodeToString(buffer.array());
    }
}
