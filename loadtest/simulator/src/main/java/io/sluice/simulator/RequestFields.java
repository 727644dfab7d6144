package io.sluice.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;

/**
 * Reads and checks fields of a generated-reply request. A field that breaks its rule raises
 * {@link InvalidField}, which the handler turns into a 400 in its dialect's shape.
 */
final class RequestFields {

    private RequestFields() {
    }

    /** Error for a request field that breaks its rule. The message names the field, the value and the rule. */
    static final class InvalidField extends RuntimeException {

        private static final long serialVersionUID = 1L;

        private final String field;

        InvalidField(String field, String message) {
            super(message, null, false, false);
            this.field = field;
        }

        /** Returns the name of the field at fault, or null when the body as a whole is invalid. */
        String field() {
            return field;
        }
    }

    /** Parses the request body, which must be one JSON object. */
    static JsonNode parseObject(HttpRequest request) {
        JsonNode body;
        try {
            body = Json.parse(request.body());
        } catch (IOException e) {
            String reason = e instanceof JsonProcessingException parse ? parse.getOriginalMessage() : e.getMessage();
            throw new InvalidField(null, "Invalid JSON body: " + firstLine(reason));
        }
        if (!body.isObject()) {
            throw new InvalidField(null, "Invalid JSON body: " + abbreviate(body) + " (expected: a JSON object)");
        }
        return body;
    }

    /** Returns a required non-empty string field. */
    static String requiredText(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw new InvalidField(field, field + ": missing (expected: a string)");
        }
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw new InvalidField(field, field + ": " + value + " (expected: a non-empty string)");
        }
        return value.asText();
    }

    /** Returns a required non-empty array field. */
    static JsonNode requiredArray(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw new InvalidField(field, field + ": missing (expected: a non-empty array)");
        }
        if (!value.isArray() || value.isEmpty()) {
            throw new InvalidField(field, field + ": " + abbreviate(value) + " (expected: a non-empty array)");
        }
        return value;
    }

    /** Returns an optional integer field in {@code min..max}, or {@code absent} when it is missing or null. */
    static long optionalInt(JsonNode body, String field, long min, long max, long absent) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return absent;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < min || value.asLong() > max) {
            String range = max == Long.MAX_VALUE ? ">= " + min : min + ".." + max;
            throw new InvalidField(field, field + ": " + value + " (expected: an integer " + range + ")");
        }
        return value.asLong();
    }

    /** Returns an optional boolean field, false when it is missing or null. */
    static boolean optionalBoolean(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw new InvalidField(field, field + ": " + value + " (expected: true or false)");
        }
        return value.asBoolean();
    }

    /** Returns whether {@code stream_options.include_usage} is true. */
    static boolean includeUsage(JsonNode body) {
        return body.path("stream_options").path("include_usage").asBoolean(false);
    }

    /**
     * Returns the seed of a generated reply: a hash of the body without the fields that only change how the
     * reply is delivered or cut ({@code ignored}), so that a stream and a non-stream request get the same words.
     */
    static long contentSeed(JsonNode body, List<String> ignored) {
        ObjectNode copy = ((ObjectNode) body).deepCopy();
        copy.remove(ignored);
        return TextGenerator.hash(Json.bytes(copy));
    }

    private static String firstLine(String message) {
        int newline = message == null ? -1 : message.indexOf('\n');
        return newline < 0 ? String.valueOf(message) : message.substring(0, newline);
    }

    private static String abbreviate(JsonNode value) {
        String text = value.toString();
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }
}
