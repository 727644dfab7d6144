package io.sluice.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * Checks the fields of OpenAI requests that Sluice reads or that the OpenAI schema constrains.
 *
 * <p>Only type and range are checked; fields Sluice does not know are left alone and forwarded untouched, so an
 * upstream that supports newer fields still receives them.
 */
public final class RequestValidator {

    private static final Set<String> MESSAGE_ROLES = Set.of("system", "developer", "user", "assistant", "tool",
            "function");
    private static final int MAX_STOP_SEQUENCES = 4;
    private static final int MAX_EMBEDDING_INPUTS = 2048;

    private RequestValidator() {
    }

    /** Validates a {@code POST /v1/chat/completions} body. */
    public static void chat(ObjectNode body) {
        Fields.requiredString(body, "model");
        messages(body);
        sampling(body);
        Fields.optionalInteger(body, "max_completion_tokens", 0, Integer.MAX_VALUE);
        Fields.optionalBoolean(body, "logprobs");
        Fields.optionalInteger(body, "top_logprobs", 0, 20);
        Fields.optionalArray(body, "tools");
        JsonNode toolChoice = Fields.present(body, "tool_choice");
        if (toolChoice != null && !toolChoice.isTextual() && !toolChoice.isObject()) {
            throw Fields.invalid("tool_choice", toolChoice, "a string or an object");
        }
        Fields.optionalObject(body, "response_format");
        JsonNode format = Fields.present(body, "response_format");
        if (format != null && !(format.get("type") instanceof JsonNode type && type.isTextual())) {
            throw GatewayException.invalid("response_format.type", "Missing required parameter: 'response_format.type'.");
        }
        Fields.optionalBoolean(body, "parallel_tool_calls");
    }

    /** Validates a legacy {@code POST /v1/completions} body. */
    public static void completion(ObjectNode body) {
        Fields.requiredString(body, "model");
        JsonNode prompt = body.get("prompt");
        if (prompt == null || prompt.isNull()) {
            throw GatewayException.invalid("prompt", "Missing required parameter: 'prompt'.");
        }
        if (!prompt.isTextual() && !prompt.isArray()) {
            throw Fields.invalid("prompt", prompt, "a string or an array");
        }
        sampling(body);
        Fields.optionalInteger(body, "logprobs", 0, 5);
        Fields.optionalBoolean(body, "echo");
        Fields.optionalInteger(body, "best_of", 0, 20);
        Fields.optionalString(body, "suffix");
    }

    /** Validates a {@code POST /v1/embeddings} body. */
    public static void embedding(ObjectNode body) {
        Fields.requiredString(body, "model");
        embeddingInput(body.get("input"));
        JsonNode format = Fields.present(body, "encoding_format");
        if (format != null && !(format.isTextual()
                && (format.textValue().equals("float") || format.textValue().equals("base64")))) {
            throw Fields.invalid("encoding_format", format, "\"float\" or \"base64\"");
        }
        Fields.optionalInteger(body, "dimensions", 1, Integer.MAX_VALUE);
        Fields.optionalString(body, "user");
    }

    private static void sampling(ObjectNode body) {
        Fields.optionalNumber(body, "temperature", 0, 2);
        Fields.optionalNumber(body, "top_p", 0, 1);
        Fields.optionalInteger(body, "n", 1, 128);
        Fields.optionalBoolean(body, "stream");
        streamOptions(body);
        stop(body);
        Fields.optionalInteger(body, "max_tokens", 0, Integer.MAX_VALUE);
        Fields.optionalNumber(body, "presence_penalty", -2, 2);
        Fields.optionalNumber(body, "frequency_penalty", -2, 2);
        logitBias(body);
        Fields.optionalInteger(body, "seed", Long.MIN_VALUE, Long.MAX_VALUE);
        Fields.optionalString(body, "user");
    }

    private static void messages(ObjectNode body) {
        JsonNode messages = body.get("messages");
        if (messages == null || messages.isNull()) {
            throw GatewayException.invalid("messages", "Missing required parameter: 'messages'.");
        }
        if (!messages.isArray() || messages.isEmpty()) {
            throw Fields.invalid("messages", messages, "a non-empty array of messages");
        }
        for (int i = 0; i < messages.size(); i++) {
            message(messages.get(i), "messages[" + i + "]");
        }
    }

    private static void message(JsonNode message, String param) {
        if (!message.isObject()) {
            throw Fields.invalid(param, message, "an object");
        }
        JsonNode role = message.get("role");
        if (role == null || role.isNull()) {
            throw GatewayException.invalid(param + ".role", "Missing required parameter: '" + param + ".role'.");
        }
        if (!role.isTextual() || !MESSAGE_ROLES.contains(role.textValue())) {
            throw Fields.invalid(param + ".role", role,
                    "one of system, developer, user, assistant, tool, function");
        }
        JsonNode content = message.get("content");
        boolean contentOptional = role.textValue().equals("assistant") || role.textValue().equals("function");
        if ((content == null || content.isNull()) && !contentOptional) {
            throw GatewayException.invalid(param + ".content",
                    "Missing required parameter: '" + param + ".content'.");
        }
        if (content != null && !content.isNull() && !content.isTextual() && !content.isArray()) {
            throw Fields.invalid(param + ".content", content, "a string or an array of content parts");
        }
    }

    private static void streamOptions(ObjectNode body) {
        Fields.optionalObject(body, "stream_options");
        JsonNode options = Fields.present(body, "stream_options");
        if (options != null) {
            JsonNode includeUsage = options.get("include_usage");
            if (includeUsage != null && !includeUsage.isNull() && !includeUsage.isBoolean()) {
                throw Fields.invalid("stream_options.include_usage", includeUsage, "a boolean");
            }
        }
    }

    private static void stop(ObjectNode body) {
        JsonNode stop = Fields.present(body, "stop");
        if (stop == null || stop.isTextual()) {
            return;
        }
        if (!stop.isArray() || stop.size() > MAX_STOP_SEQUENCES) {
            throw Fields.invalid("stop", stop, "a string or an array of up to 4 strings");
        }
        for (JsonNode item : stop) {
            if (!item.isTextual()) {
                throw Fields.invalid("stop", stop, "a string or an array of up to 4 strings");
            }
        }
    }

    private static void logitBias(ObjectNode body) {
        Fields.optionalObject(body, "logit_bias");
        JsonNode bias = Fields.present(body, "logit_bias");
        if (bias == null) {
            return;
        }
        for (var entry : bias.properties()) {
            Fields.checkInteger("logit_bias." + entry.getKey(), entry.getValue(), -100, 100);
        }
    }

    private static void embeddingInput(JsonNode input) {
        if (input == null || input.isNull()) {
            throw GatewayException.invalid("input", "Missing required parameter: 'input'.");
        }
        String rule = "a non-empty string, or an array of 1 to 2048 non-empty strings, token ids or token id arrays";
        if (input.isTextual()) {
            if (input.textValue().isEmpty()) {
                throw Fields.invalid("input", input, rule);
            }
            return;
        }
        if (!input.isArray() || input.isEmpty() || input.size() > MAX_EMBEDDING_INPUTS) {
            throw Fields.invalid("input", input, rule);
        }
        JsonNode first = input.get(0);
        for (int i = 0; i < input.size(); i++) {
            JsonNode item = input.get(i);
            boolean valid = first.isTextual() ? item.isTextual() && !item.textValue().isEmpty()
                    : first.isArray() ? isTokenArray(item)
                    : Fields.isIntegral(item) && item.canConvertToLong();
            if (!valid) {
                throw Fields.invalid("input[" + i + "]", item, rule);
            }
        }
    }

    private static boolean isTokenArray(JsonNode item) {
        if (!item.isArray() || item.isEmpty()) {
            return false;
        }
        for (JsonNode token : item) {
            if (!Fields.isIntegral(token) || !token.canConvertToLong()) {
                return false;
            }
        }
        return true;
    }
}
