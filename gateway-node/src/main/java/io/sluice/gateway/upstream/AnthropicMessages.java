package io.sluice.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.gateway.api.GatewayException;
import io.sluice.gateway.api.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Translates OpenAI chat {@code messages} into Anthropic's top-level {@code system} and {@code messages}.
 *
 * <p>Anthropic has no system role inside the conversation, so every {@code system} and {@code developer}
 * message, wherever it sits, becomes text blocks of the top-level {@code system}, in order. User and assistant
 * content becomes content blocks; assistant {@code tool_calls} become {@code tool_use} blocks; each {@code tool}
 * message becomes a {@code tool_result} block in a user turn. Consecutive turns of the same role are merged,
 * because Anthropic expects user and assistant turns to alternate. Empty text is dropped, because Anthropic
 * rejects empty text blocks; a message left with no blocks is dropped with it.
 */
final class AnthropicMessages {

    private static final String DATA_URL_PREFIX = "data:";
    private static final String BASE64_MARKER = ";base64";
    private static final int MAX_SHOWN_VALUE_LENGTH = 40;

    private final ArrayNode system = Json.mapper().createArrayNode();
    private final ArrayNode messages = Json.mapper().createArrayNode();

    private AnthropicMessages() {
    }

    /**
     * The translated conversation.
     *
     * @param system   text blocks for the top-level {@code system}, empty if the client sent no system message
     * @param messages alternating user and assistant turns
     */
    record Conversation(ArrayNode system, ArrayNode messages) {
    }

    /**
     * Translates the client's {@code messages} array.
     *
     * @throws GatewayException with status 400, naming the field, for content Anthropic does not accept
     */
    static Conversation translate(JsonNode clientMessages) {
        AnthropicMessages translation = new AnthropicMessages();
        for (int i = 0; i < clientMessages.size(); i++) {
            translation.message(clientMessages.get(i), "messages[" + i + "]");
        }
        return new Conversation(translation.system, translation.messages);
    }

    private void message(JsonNode message, String param) {
        String role = message.path("role").asText("");
        JsonNode content = message.get("content");
        switch (role) {
            case "system", "developer" -> system.addAll(textBlocks(content, param + ".content"));
            case "user" -> append("user", contentBlocks(content, param + ".content", true));
            case "assistant" -> append("assistant", assistantBlocks(message, param));
            case "tool" -> append("user", Json.mapper().createArrayNode().add(toolResult(message, param)));
            default -> throw GatewayException.invalid(param + ".role", param + ".role: '" + role + "' (expected: "
                    + "system, developer, user, assistant or tool, because this model's provider does not accept "
                    + "legacy function messages)");
        }
    }

    private void append(String role, ArrayNode blocks) {
        if (blocks.isEmpty()) {
            return;
        }
        JsonNode last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
        if (last != null && last.path("role").asText().equals(role)) {
            ((ArrayNode) last.get("content")).addAll(blocks);
            return;
        }
        ObjectNode turn = messages.addObject();
        turn.put("role", role);
        turn.set("content", blocks);
    }

    private static ArrayNode assistantBlocks(JsonNode message, String param) {
        ArrayNode blocks = contentBlocks(message.get("content"), param + ".content", false);
        JsonNode toolCalls = message.get("tool_calls");
        if (toolCalls == null || toolCalls.isNull()) {
            return blocks;
        }
        if (!toolCalls.isArray()) {
            throw GatewayException.invalid(param + ".tool_calls", param + ".tool_calls: " + shown(toolCalls)
                    + " (expected: an array of tool calls)");
        }
        for (int j = 0; j < toolCalls.size(); j++) {
            blocks.add(toolUse(toolCalls.get(j), param + ".tool_calls[" + j + "]"));
        }
        return blocks;
    }

    private static ObjectNode toolUse(JsonNode call, String param) {
        JsonNode function = call.path("function");
        ObjectNode block = Json.object();
        block.put("type", "tool_use");
        block.put("id", requiredText(call.get("id"), param + ".id"));
        block.put("name", requiredText(function.get("name"), param + ".function.name"));
        block.set("input", toolInput(function.get("arguments"), param + ".function.arguments"));
        return block;
    }

    /** Parses OpenAI's {@code arguments} string into the JSON object Anthropic's {@code input} must be. */
    private static JsonNode toolInput(JsonNode arguments, String param) {
        if (arguments == null || arguments.isNull()
                || arguments.isTextual() && arguments.textValue().isBlank()) {
            return Json.object();
        }
        if (!arguments.isTextual()) {
            throw GatewayException.invalid(param, param + ": " + shown(arguments)
                    + " (expected: a string containing a JSON object)");
        }
        try {
            JsonNode input = Json.parse(arguments.textValue().getBytes(StandardCharsets.UTF_8));
            if (input.isObject()) {
                return input;
            }
        } catch (IOException e) {
            // Reported below together with JSON that is valid but not an object.
        }
        throw GatewayException.invalid(param, param + ": not a JSON object (expected: a string containing a "
                + "JSON object, because this model's provider accepts tool input only as an object)");
    }

    private static ObjectNode toolResult(JsonNode message, String param) {
        ObjectNode block = Json.object();
        block.put("type", "tool_result");
        block.put("tool_use_id", requiredText(message.get("tool_call_id"), param + ".tool_call_id"));
        JsonNode content = message.get("content");
        if (content != null && content.isTextual()) {
            if (!content.textValue().isEmpty()) {
                block.put("content", content.textValue());
            }
        } else {
            ArrayNode blocks = textBlocks(content, param + ".content");
            if (!blocks.isEmpty()) {
                block.set("content", blocks);
            }
        }
        return block;
    }

    /** Translates content that may contain text only: a string or an array of {@code text} parts. */
    private static ArrayNode textBlocks(JsonNode content, String param) {
        ArrayNode blocks = Json.mapper().createArrayNode();
        if (content == null || content.isNull()) {
            return blocks;
        }
        if (content.isTextual()) {
            addText(blocks, content.textValue());
            return blocks;
        }
        if (!content.isArray()) {
            throw GatewayException.invalid(param, param + ": " + shown(content)
                    + " (expected: a string or an array of content parts)");
        }
        for (int j = 0; j < content.size(); j++) {
            JsonNode part = content.get(j);
            String type = part.path("type").asText("");
            if (!type.equals("text")) {
                throw unsupportedPart(param + "[" + j + "].type", type, "text");
            }
            addText(blocks, part.path("text").asText(""));
        }
        return blocks;
    }

    /** Translates user or assistant content: a string, or an array of parts. */
    private static ArrayNode contentBlocks(JsonNode content, String param, boolean user) {
        if (content == null || !content.isArray()) {
            return textBlocks(content, param);
        }
        ArrayNode blocks = Json.mapper().createArrayNode();
        for (int j = 0; j < content.size(); j++) {
            JsonNode part = content.get(j);
            String partParam = param + "[" + j + "]";
            String type = part.path("type").asText("");
            if (type.equals("text")) {
                addText(blocks, part.path("text").asText(""));
            } else if (type.equals("image_url") && user) {
                blocks.add(image(part.get("image_url"), partParam + ".image_url"));
            } else if (type.equals("refusal") && !user) {
                addText(blocks, part.path("refusal").asText(""));
            } else {
                throw unsupportedPart(partParam + ".type", type, user ? "text or image_url" : "text or refusal");
            }
        }
        return blocks;
    }

    /** Translates an {@code image_url} part: a {@code data:} URL becomes a base64 source, any other a URL source. */
    private static ObjectNode image(JsonNode imageUrl, String param) {
        JsonNode urlNode = imageUrl != null && imageUrl.isObject() ? imageUrl.get("url") : imageUrl;
        String url = requiredText(urlNode, param + ".url");
        ObjectNode source = Json.object();
        if (url.regionMatches(true, 0, DATA_URL_PREFIX, 0, DATA_URL_PREFIX.length())) {
            int comma = url.indexOf(',');
            String header = comma < 0 ? "" : url.substring(DATA_URL_PREFIX.length(), comma);
            if (!header.toLowerCase(Locale.ROOT).endsWith(BASE64_MARKER)) {
                throw GatewayException.invalid(param + ".url", param + ".url: a data URL that is not base64 "
                        + "(expected: data:<media type>;base64,<data>, or an http(s) URL)");
            }
            int parameters = header.indexOf(';');
            source.put("type", "base64");
            source.put("media_type", header.substring(0, parameters));
            source.put("data", url.substring(comma + 1));
        } else {
            source.put("type", "url");
            source.put("url", url);
        }
        ObjectNode block = Json.object();
        block.put("type", "image");
        block.set("source", source);
        return block;
    }

    private static void addText(ArrayNode blocks, String text) {
        if (!text.isEmpty()) {
            blocks.addObject().put("type", "text").put("text", text);
        }
    }

    private static String requiredText(JsonNode value, String param) {
        if (value == null || value.isNull()) {
            throw GatewayException.invalid(param, "Missing required parameter: '" + param + "'.");
        }
        if (!value.isTextual() || value.textValue().isEmpty()) {
            throw GatewayException.invalid(param, param + ": " + shown(value) + " (expected: a non-empty string)");
        }
        return value.textValue();
    }

    /** Renders a value for an error message, shortened so that a message never echoes a long prompt. */
    private static String shown(JsonNode value) {
        String json = Json.string(value);
        return json.length() <= MAX_SHOWN_VALUE_LENGTH ? json : json.substring(0, MAX_SHOWN_VALUE_LENGTH) + "…";
    }

    private static GatewayException unsupportedPart(String param, String type, String supported) {
        return GatewayException.invalid(param, param + ": '" + type + "' (expected: " + supported
                + ", because this model's provider does not accept other content parts here)");
    }
}
