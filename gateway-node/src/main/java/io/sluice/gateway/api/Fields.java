package io.sluice.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;

/**
 * Type and range checks for request fields; each failure names the field, the value and the rule.
 *
 * <p>A field that is absent or JSON {@code null} passes every optional check, because the OpenAI schema marks
 * these fields nullable.
 */
final class Fields {

    private static final int MAX_SHOWN_VALUE_LENGTH = 40;

    private Fields() {
    }

    static JsonNode present(ObjectNode body, String name) {
        JsonNode value = body.get(name);
        return value == null || value.isNull() ? null : value;
    }

    static String requiredString(ObjectNode body, String name) {
        JsonNode value = body.get(name);
        if (value == null || value.isNull()) {
            throw GatewayException.invalid(name, "Missing required parameter: '" + name + "'.");
        }
        if (!value.isTextual() || value.textValue().isEmpty()) {
            throw invalid(name, value, "a non-empty string");
        }
        return value.textValue();
    }

    static void optionalString(ObjectNode body, String name) {
        JsonNode value = present(body, name);
        if (value != null && !value.isTextual()) {
            throw invalid(name, value, "a string");
        }
    }

    static void optionalBoolean(ObjectNode body, String name) {
        JsonNode value = present(body, name);
        if (value != null && !value.isBoolean()) {
            throw invalid(name, value, "a boolean");
        }
    }

    static void optionalObject(ObjectNode body, String name) {
        JsonNode value = present(body, name);
        if (value != null && !value.isObject()) {
            throw invalid(name, value, "an object");
        }
    }

    static void optionalArray(ObjectNode body, String name) {
        JsonNode value = present(body, name);
        if (value != null && !value.isArray()) {
            throw invalid(name, value, "an array");
        }
    }

    static void optionalNumber(ObjectNode body, String name, double min, double max) {
        JsonNode value = present(body, name);
        if (value == null) {
            return;
        }
        String rule = "a number from " + plain(min) + " to " + plain(max);
        if (!value.isNumber()) {
            throw invalid(name, value, rule);
        }
        BigDecimal number = value.decimalValue();
        if (number.compareTo(BigDecimal.valueOf(min)) < 0 || number.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw invalid(name, value, rule);
        }
    }

    static void optionalInteger(ObjectNode body, String name, long min, long max) {
        JsonNode value = present(body, name);
        if (value != null) {
            checkInteger(name, value, min, max);
        }
    }

    static void checkInteger(String param, JsonNode value, long min, long max) {
        String rule = max == Long.MAX_VALUE ? "an integer of at least " + min : "an integer from " + min + " to " + max;
        if (!isIntegral(value)) {
            throw invalid(param, value, rule);
        }
        BigDecimal number = value.decimalValue();
        if (number.compareTo(BigDecimal.valueOf(min)) < 0 || number.compareTo(BigDecimal.valueOf(max)) > 0) {
            throw invalid(param, value, rule);
        }
    }

    static boolean isIntegral(JsonNode value) {
        if (value.isIntegralNumber()) {
            return true;
        }
        if (!value.isNumber()) {
            return false;
        }
        BigDecimal number = value.decimalValue();
        return number.signum() == 0 || number.stripTrailingZeros().scale() <= 0;
    }

    static GatewayException invalid(String param, JsonNode value, String rule) {
        return GatewayException.invalid(param,
                "Invalid '" + param + "': " + shown(value) + " (expected: " + rule + ").");
    }

    private static String shown(JsonNode value) {
        String text;
        if (value.isArray()) {
            text = "an array";
        } else if (value.isObject()) {
            text = "an object";
        } else {
            text = value.toString();
        }
        return text.length() <= MAX_SHOWN_VALUE_LENGTH ? text : text.substring(0, MAX_SHOWN_VALUE_LENGTH) + "…";
    }

    private static String plain(double number) {
        return BigDecimal.valueOf(number).stripTrailingZeros().toPlainString();
    }
}
