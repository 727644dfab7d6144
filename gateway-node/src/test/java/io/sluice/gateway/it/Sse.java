package io.sluice.gateway.it;

import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.gateway.api.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A strict parser for OpenAI event streams as clients receive them, for assertions. */
final class Sse {

    private Sse() {
    }

    /**
     * Splits a raw body into the data payloads of its events, failing on anything an OpenAI stream must not
     * contain: named events, events without data, or lines that are not {@code data:} or comments.
     */
    static List<String> dataEvents(String raw) {
        List<String> events = new ArrayList<>();
        for (String block : raw.split("\n\n", -1)) {
            if (block.isEmpty()) {
                continue;
            }
            StringBuilder data = null;
            for (String line : block.split("\n")) {
                if (line.startsWith(":")) {
                    continue;
                }
                if (!line.startsWith("data: ")) {
                    throw new AssertionError("unexpected line in OpenAI stream: " + line);
                }
                data = data == null ? new StringBuilder() : data.append('\n');
                data.append(line.substring("data: ".length()));
            }
            if (data != null) {
                events.add(data.toString());
            }
        }
        return events;
    }

    /** Parses every event except the final {@code [DONE]}. */
    static List<JsonNode> chunks(String raw) {
        List<JsonNode> chunks = new ArrayList<>();
        for (String data : dataEvents(raw)) {
            if (!data.equals("[DONE]")) {
                chunks.add(json(data));
            }
        }
        return chunks;
    }

    /** Concatenates one delta field over all chunks of choice 0. */
    static String joined(List<JsonNode> chunks, String field) {
        StringBuilder text = new StringBuilder();
        for (JsonNode chunk : chunks) {
            JsonNode value = chunk.path("choices").path(0).path("delta").path(field);
            if (value.isTextual()) {
                text.append(value.textValue());
            }
        }
        return text.toString();
    }

    static JsonNode json(String text) {
        try {
            return Json.parse(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
