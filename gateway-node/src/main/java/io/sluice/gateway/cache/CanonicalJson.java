package io.sluice.gateway.cache;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import io.sluice.gateway.api.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes JSON in one canonical form, so that requests that mean the same thing hash the same.
 *
 * <p>Object keys are sorted by their UTF-16 code units, there is no whitespace, object members whose value is
 * {@code null} are dropped (the OpenAI API treats {@code null} like an absent field), and numbers are written
 * from their exact decimal value with trailing zeros removed, so {@code 0}, {@code 0.0} and {@code 0e5} are one
 * number. Strings are written with Jackson's standard escaping.
 */
public final class CanonicalJson {

    private CanonicalJson() {
    }

    /** Writes the canonical form of a value to a stream. */
    public static void write(JsonNode value, OutputStream out) {
        try (JsonGenerator generator = Json.mapper().getFactory().createGenerator(out)) {
            generator.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            write(value, generator);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(JsonNode value, JsonGenerator generator) throws IOException {
        switch (value.getNodeType()) {
            case OBJECT -> writeObject(value, generator);
            case ARRAY -> {
                generator.writeStartArray();
                for (JsonNode item : value) {
                    write(item, generator);
                }
                generator.writeEndArray();
            }
            case NUMBER -> writeNumber(value.decimalValue(), generator);
            case STRING -> generator.writeString(value.textValue());
            case BOOLEAN -> generator.writeBoolean(value.booleanValue());
            case BINARY -> generator.writeBinary(value.binaryValue());
            default -> generator.writeNull();
        }
    }

    private static void writeObject(JsonNode value, JsonGenerator generator) throws IOException {
        List<Map.Entry<String, JsonNode>> members = new ArrayList<>();
        for (Map.Entry<String, JsonNode> member : value.properties()) {
            if (!member.getValue().isNull()) {
                members.add(member);
            }
        }
        members.sort(Map.Entry.comparingByKey());
        generator.writeStartObject();
        for (Map.Entry<String, JsonNode> member : members) {
            generator.writeFieldName(member.getKey());
            write(member.getValue(), generator);
        }
        generator.writeEndObject();
    }

    private static void writeNumber(BigDecimal number, JsonGenerator generator) throws IOException {
        BigDecimal normalized = number.signum() == 0 ? BigDecimal.ZERO : number.stripTrailingZeros();
        generator.writeNumber(normalized.toString());
    }
}
