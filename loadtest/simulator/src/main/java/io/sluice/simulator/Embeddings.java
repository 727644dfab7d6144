package io.sluice.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generated replies for {@code POST /v1/embeddings}.
 *
 * <p>Each input item gets a unit-length vector drawn from a PRNG seeded with a hash of the item alone, so the same
 * item always gets the same vector, whatever the model or the other items. A shorter {@code dimensions} gives the
 * first components of the same draw, normalised again. {@code encoding_format:"base64"} sends the
 * little-endian float32 bytes of the vector, which decode to exactly the floats of the JSON form. An item counts
 * as its number of words (text) or token ids, at least 1.
 */
final class Embeddings {

    private static final int MAX_ITEMS = 2048;

    private final int defaultDimensions;

    /** Creates the handler, whose vectors have {@code defaultDimensions} components unless a request sets others. */
    Embeddings(int defaultDimensions) {
        this.defaultDimensions = defaultDimensions;
    }

    /** Returns the reply to one request. */
    Reply reply(HttpRequest request, Pacing pacing) {
        try {
            return generate(RequestFields.parseObject(request), pacing);
        } catch (RequestFields.InvalidField e) {
            return ErrorReplies.openAiInvalid(e.field(), e.getMessage());
        }
    }

    /** Returns the vector for one input item: text, or token ids written as a JSON array. */
    static float[] vector(String item, int dimensions) {
        SplittableRandom random = new SplittableRandom(TextGenerator.hash(item));
        double[] raw = new double[dimensions];
        double sumOfSquares = 0;
        for (int i = 0; i < dimensions; i++) {
            raw[i] = random.nextDouble(-1.0, 1.0);
            sumOfSquares += raw[i] * raw[i];
        }
        double norm = Math.sqrt(sumOfSquares);
        float[] vector = new float[dimensions];
        for (int i = 0; i < dimensions; i++) {
            vector[i] = (float) (norm == 0 ? 0 : raw[i] / norm);
        }
        return vector;
    }

    private Reply generate(JsonNode body, Pacing pacing) {
        String model = RequestFields.requiredText(body, "model");
        List<JsonNode> items = items(body.get("input"));
        int dimensions = (int) RequestFields.optionalInt(body, "dimensions", 1, 65_536, defaultDimensions);
        boolean base64 = base64(body.get("encoding_format"));

        ObjectNode root = Json.object();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        int tokens = 0;
        for (int i = 0; i < items.size(); i++) {
            data.add(embedding(i, items.get(i), dimensions, base64));
            tokens += itemTokens(items.get(i));
        }
        root.put("model", model);
        ObjectNode usage = root.putObject("usage");
        usage.put("prompt_tokens", tokens);
        usage.put("total_tokens", tokens);

        List<Header> headers = List.of(
                new Header("Content-Type", "application/json"),
                new Header("x-request-id", Ids.next("req_")));
        return Reply.fixed(200, headers, Json.bytes(root), pacing.latencyMillis() + pacing.ttftMillis());
    }

    private static ObjectNode embedding(int index, JsonNode item, int dimensions, boolean base64) {
        float[] vector = vector(item.isTextual() ? item.asText() : item.toString(), dimensions);
        ObjectNode entry = Json.object();
        entry.put("object", "embedding");
        entry.put("index", index);
        if (base64) {
            entry.put("embedding", encodeBase64(vector));
            return entry;
        }
        ArrayNode array = entry.putArray("embedding");
        for (float component : vector) {
            array.add(component);
        }
        return entry;
    }

    private static List<JsonNode> items(JsonNode input) {
        if (input == null || input.isNull()) {
            throw invalidInput("input: missing (expected: a string or an array)");
        }
        if (input.isTextual()) {
            requireNonEmpty(input);
            return List.of(input);
        }
        if (!input.isArray() || input.isEmpty()) {
            throw invalidInput("input: " + input + " (expected: a non-empty string or a non-empty array)");
        }
        if (input.size() > MAX_ITEMS) {
            throw invalidInput("input: " + input.size() + " items (expected: at most " + MAX_ITEMS + ")");
        }
        if (isTokenArray(input)) {
            return List.of(input);
        }
        List<JsonNode> items = new ArrayList<>(input.size());
        for (JsonNode item : input) {
            if (item.isTextual() || isTokenArray(item)) {
                requireNonEmpty(item);
                items.add(item);
            } else {
                throw invalidInput("input: array item " + item + " (expected: strings or arrays of token ids)");
            }
        }
        return items;
    }

    private static boolean isTokenArray(JsonNode node) {
        if (!node.isArray()) {
            return false;
        }
        for (JsonNode item : node) {
            if (!item.isIntegralNumber()) {
                return false;
            }
        }
        return true;
    }

    private static void requireNonEmpty(JsonNode item) {
        if (item.isTextual() ? item.asText().isEmpty() : item.isEmpty()) {
            throw invalidInput("input: empty item " + item + " (expected: non-empty strings or token arrays)");
        }
    }

    private static boolean base64(JsonNode format) {
        if (format == null || format.isNull()) {
            return false;
        }
        if (format.isTextual() && format.asText().equals("float")) {
            return false;
        }
        if (format.isTextual() && format.asText().equals("base64")) {
            return true;
        }
        throw new RequestFields.InvalidField("encoding_format",
                "encoding_format: " + format + " (expected: \"float\" or \"base64\")");
    }

    private static int itemTokens(JsonNode item) {
        return item.isTextual() ? Math.max(1, TextGenerator.countWords(item.asText())) : item.size();
    }

    private static String encodeBase64(float[] vector) {
        ByteBuffer buffer = ByteBuffer.allocate(vector.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (float component : vector) {
            buffer.putFloat(component);
        }
        return Base64.getEncoder().encodeToString(buffer.array());
    }

    private static RequestFields.InvalidField invalidInput(String message) {
        return new RequestFields.InvalidField("input", message);
    }
}
