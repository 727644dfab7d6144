package io.sluice.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Reads and writes scripts in the JSON form of the control API. */
final class ScriptJson {

    private static final Set<String> SCRIPT_FIELDS = Set.of("match", "path", "responses", "repeat_last");
    private static final Set<String> RESPONSE_FIELDS = Set.of("status", "headers", "body", "body_text",
            "delay_ms", "events", "end", "hang_ms", "ttft_ms", "chunk_delay_ms");
    private static final Set<String> EVENT_FIELDS = Set.of("data", "event", "raw", "delay_ms");

    private ScriptJson() {
    }

    /** Parses a script, throwing {@link IllegalArgumentException} with the field's path on invalid input. */
    static ScriptSpec parseScript(String json) {
        JsonNode root;
        try {
            root = Json.EXACT.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("script: malformed JSON (" + e.getOriginalMessage() + ")");
        }
        requireObject(root, "script", SCRIPT_FIELDS);
        String match = optionalText(root, "match", "match");
        String path = optionalText(root, "path", "path");
        JsonNode responses = root.path("responses");
        if (!responses.isArray() || responses.isEmpty()) {
            throw new IllegalArgumentException("responses: missing or empty (expected: an array of responses)");
        }
        List<ResponseSpec> specs = new ArrayList<>();
        for (int i = 0; i < responses.size(); i++) {
            specs.add(parseResponse(responses.get(i), "responses[" + i + "]"));
        }
        JsonNode repeat = root.path("repeat_last");
        if (!repeat.isMissingNode() && !repeat.isBoolean()) {
            throw new IllegalArgumentException("repeat_last: " + repeat + " (expected: true or false)");
        }
        return new ScriptSpec(match, path, specs, repeat.asBoolean(false));
    }

    private static ResponseSpec parseResponse(JsonNode node, String where) {
        requireObject(node, where, RESPONSE_FIELDS);
        ResponseSpec.Builder builder = ResponseSpec.builder();
        parseContent(node, where, builder);
        parseTiming(node, where, builder);
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + "." + e.getMessage(), e);
        }
    }

    private static void parseContent(JsonNode node, String where, ResponseSpec.Builder builder) {
        if (node.has("body") && node.has("body_text")) {
            throw new IllegalArgumentException(where + ": body and body_text both set (expected: one of them)");
        }
        if (node.has("status")) {
            builder.status((int) number(node, "status", where, 100, 999));
        }
        parseHeaders(node.path("headers"), where, builder);
        if (node.has("body")) {
            builder.jsonBody(Json.text(node.get("body")));
        }
        if (node.has("body_text")) {
            builder.textBody(text(node.get("body_text"), where + ".body_text"));
        }
        if (node.has("events")) {
            builder.events(parseEvents(node.get("events"), where + ".events"));
        }
        if (node.has("end")) {
            builder.end(parseEnd(node.get("end"), where));
        }
    }

    private static void parseTiming(JsonNode node, String where, ResponseSpec.Builder builder) {
        if (node.has("delay_ms")) {
            builder.delayMillis(number(node, "delay_ms", where, 0, Long.MAX_VALUE));
        }
        if (node.has("hang_ms")) {
            builder.hangMillis(number(node, "hang_ms", where, 0, Long.MAX_VALUE));
        }
        if (node.has("ttft_ms")) {
            builder.ttftMillis(number(node, "ttft_ms", where, 0, Long.MAX_VALUE));
        }
        if (node.has("chunk_delay_ms")) {
            builder.chunkDelayMillis(number(node, "chunk_delay_ms", where, 0, Long.MAX_VALUE));
        }
    }

    private static void parseHeaders(JsonNode headers, String where, ResponseSpec.Builder builder) {
        if (headers.isMissingNode()) {
            return;
        }
        if (!headers.isObject()) {
            throw new IllegalArgumentException(where + ".headers: " + headers + " (expected: an object)");
        }
        for (Iterator<String> names = headers.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            JsonNode value = headers.get(name);
            if (!value.isValueNode() || value.isNull()) {
                throw new IllegalArgumentException(where + ".headers." + name + ": " + value
                        + " (expected: a string)");
            }
            builder.header(name, value.asText());
        }
    }

    private static EndMode parseEnd(JsonNode end, String where) {
        try {
            return EndMode.fromJsonName(text(end, where + ".end"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + "." + e.getMessage(), e);
        }
    }

    private static List<SseEvent> parseEvents(JsonNode events, String where) {
        if (!events.isArray()) {
            throw new IllegalArgumentException(where + ": " + events + " (expected: an array of events)");
        }
        List<SseEvent> parsed = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            parsed.add(parseEvent(events.get(i), where + "[" + i + "]"));
        }
        return parsed;
    }

    private static SseEvent parseEvent(JsonNode node, String where) {
        requireObject(node, where, EVENT_FIELDS);
        String data = "";
        if (node.has("data")) {
            JsonNode value = node.get("data");
            data = value.isTextual() && value.asText().equals(SseEvent.DONE) ? SseEvent.DONE : Json.text(value);
        }
        String event = node.has("event") ? text(node.get("event"), where + ".event") : "";
        String raw = node.has("raw") ? text(node.get("raw"), where + ".raw") : "";
        long delay = node.has("delay_ms") ? number(node, "delay_ms", where, 0, Long.MAX_VALUE) : 0;
        try {
            return new SseEvent(event, data, raw, delay);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + "." + e.getMessage(), e);
        }
    }

    private static void requireObject(JsonNode node, String where, Set<String> allowed) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(where + ": " + node + " (expected: a JSON object)");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException(where + "." + name + ": unknown field (expected one of: "
                        + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    private static String optionalText(JsonNode root, String field, String where) {
        return root.has(field) ? text(root.get(field), where) : "";
    }

    private static String text(JsonNode node, String where) {
        if (!node.isTextual()) {
            throw new IllegalArgumentException(where + ": " + node + " (expected: a string)");
        }
        return node.asText();
    }

    private static long number(JsonNode parent, String field, String where, long min, long max) {
        JsonNode node = parent.get(field);
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.asLong() < min || node.asLong() > max) {
            String range = max == Long.MAX_VALUE ? ">= " + min : min + ".." + max;
            throw new IllegalArgumentException(where + "." + field + ": " + node + " (expected: an integer "
                    + range + ")");
        }
        return node.asLong();
    }

    /** Writes a script as control-API JSON; bodies become {@code body_text} and events become {@code raw}. */
    static String write(ScriptSpec script) {
        ObjectNode root = Json.object();
        root.put("match", script.match());
        if (!script.path().isEmpty()) {
            root.put("path", script.path());
        }
        ArrayNode responses = root.putArray("responses");
        script.responses().forEach(response -> responses.add(write(response)));
        root.put("repeat_last", script.repeatLast());
        return Json.text(root);
    }

    private static ObjectNode write(ResponseSpec response) {
        ObjectNode node = Json.object();
        if (response.status() != 0) {
            node.put("status", response.status());
        }
        ObjectNode headers = node.putObject("headers");
        response.headers().forEach(headers::put);
        if (!response.body().isEmpty()) {
            node.put("body_text", response.body());
        }
        putIfSet(node, "delay_ms", response.delayMillis());
        if (response.stream()) {
            ArrayNode events = node.putArray("events");
            response.events().forEach(event -> events.add(write(event)));
        }
        node.put("end", response.end().jsonName());
        node.put("hang_ms", response.hangMillis());
        putIfSet(node, "ttft_ms", response.ttftMillis());
        putIfSet(node, "chunk_delay_ms", response.chunkDelayMillis());
        return node;
    }

    private static ObjectNode write(SseEvent event) {
        ObjectNode node = Json.object();
        node.put("raw", new String(event.encode(), StandardCharsets.UTF_8));
        node.put("delay_ms", event.delayMillis());
        return node;
    }

    private static void putIfSet(ObjectNode node, String field, long millis) {
        if (millis >= 0) {
            node.put(field, millis);
        }
    }
}
