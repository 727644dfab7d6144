package io.sluice.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.gateway.api.ErrorBodies;
import io.sluice.gateway.api.ErrorKind;
import io.sluice.gateway.api.GatewayException;
import io.sluice.gateway.api.Json;
import java.io.IOException;
import java.util.Locale;

/**
 * Translates Anthropic Messages responses to OpenAI chat completions: a whole {@code message}, a stop reason, and
 * error bodies.
 */
final class AnthropicResponses {

    /** HTTP status Anthropic sends when it is overloaded. The OpenAI equivalent is 503. */
    static final int STATUS_OVERLOADED = 529;

    /** Start of the message Anthropic sends when the prompt does not fit the model's context window. */
    private static final String PROMPT_TOO_LONG = "prompt is too long";

    private AnthropicResponses() {
    }

    /**
     * Translates an Anthropic {@code message} into a {@code chat.completion} with one choice.
     *
     * @param fallbackModel       {@code model} to report if the message names none
     * @param createdEpochSeconds {@code created} of the completion
     * @throws GatewayException with {@link ErrorKind#UPSTREAM_BAD_RESPONSE} if {@code message} is no message
     */
    static ObjectNode completion(JsonNode message, String fallbackModel, long createdEpochSeconds) {
        if (!message.isObject() || !message.path("content").isArray()) {
            throw new GatewayException(ErrorKind.UPSTREAM_BAD_RESPONSE,
                    "The upstream returned a response that is not an Anthropic message.");
        }
        ObjectNode completion = Json.object();
        completion.put("id", message.path("id").asText(""));
        completion.put("object", "chat.completion");
        completion.put("created", createdEpochSeconds);
        completion.put("model", textOr(message.get("model"), fallbackModel));
        ObjectNode choice = completion.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("message", assistantMessage(message.get("content")));
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason(message.path("stop_reason").textValue()));
        completion.set("usage", AnthropicUsage.of(message.get("usage")).toOpenAi());
        return completion;
    }

    /**
     * Maps an Anthropic {@code stop_reason} to an OpenAI {@code finish_reason}.
     *
     * <p>{@code pause_turn} (a server tool paused a long turn) has no OpenAI equivalent and ends the turn like
     * {@code stop}. An unknown or missing reason is reported as {@code stop} too.
     */
    static String finishReason(String stopReason) {
        if (stopReason == null) {
            return "stop";
        }
        return switch (stopReason) {
            case "max_tokens", "model_context_window_exceeded" -> "length";
            case "tool_use" -> "tool_calls";
            case "refusal" -> "content_filter";
            default -> "stop";
        };
    }

    /** Returns the OpenAI {@code function.arguments} string for a {@code tool_use} block's {@code input}. */
    static String arguments(JsonNode input) {
        return input != null && input.isObject() ? Json.string(input) : "{}";
    }

    /** Returns the status the client gets for an upstream error status: 529 (overloaded) becomes 503. */
    static int clientStatus(int upstreamStatus) {
        return upstreamStatus == STATUS_OVERLOADED ? 503 : upstreamStatus;
    }

    /**
     * Translates an Anthropic error body, {@code {"type":"error","error":{"type","message"}}}, into the OpenAI
     * error shape, keeping Anthropic's error type such as {@code rate_limit_error}.
     *
     * <p>A body that is not JSON gets a message naming the status. A prompt that does not fit the context
     * window gets the OpenAI code {@code context_length_exceeded}, so that callers can recognise it.
     */
    static ObjectNode error(int upstreamStatus, byte[] body) {
        JsonNode root;
        try {
            root = Json.parse(body);
        } catch (IOException e) {
            root = Json.object();
        }
        String fallbackType = upstreamStatus >= 500 ? "server_error" : "invalid_request_error";
        return error(root, "The upstream returned HTTP " + upstreamStatus + ".", fallbackType);
    }

    /** Translates the data of an Anthropic stream {@code error} event into the OpenAI error shape. */
    static ObjectNode streamError(JsonNode event) {
        return error(event, "The upstream reported an error during the stream.", "server_error");
    }

    private static ObjectNode error(JsonNode root, String fallbackMessage, String fallbackType) {
        JsonNode error = root.path("error");
        String message = textOr(error.get("message"), fallbackMessage);
        String type = textOr(error.get("type"), fallbackType);
        String param = textOr(error.get("param"), null);
        String code = textOr(error.get("code"), null);
        if (code == null && message.toLowerCase(Locale.ROOT).startsWith(PROMPT_TOO_LONG)) {
            code = "context_length_exceeded";
        }
        return ErrorBodies.openAiNode(message, type, param, code);
    }

    private static ObjectNode assistantMessage(JsonNode content) {
        StringBuilder text = null;
        StringBuilder thinking = null;
        ArrayNode toolCalls = Json.mapper().createArrayNode();
        for (JsonNode block : content) {
            switch (block.path("type").asText("")) {
                case "text" -> text = append(text, block.path("text").asText(""));
                case "thinking" -> thinking = append(thinking, block.path("thinking").asText(""));
                case "tool_use" -> toolCalls.add(toolCall(block));
                default -> {
                    // redacted_thinking, server tool blocks and newer block types have no OpenAI equivalent.
                }
            }
        }
        ObjectNode message = Json.object();
        message.put("role", "assistant");
        message.put("content", text == null ? null : text.toString());
        message.putNull("refusal");
        if (!toolCalls.isEmpty()) {
            message.set("tool_calls", toolCalls);
        }
        if (thinking != null) {
            message.put("reasoning_content", thinking.toString());
        }
        return message;
    }

    private static ObjectNode toolCall(JsonNode block) {
        ObjectNode call = Json.object();
        call.put("id", block.path("id").asText(""));
        call.put("type", "function");
        ObjectNode function = call.putObject("function");
        function.put("name", block.path("name").asText(""));
        function.put("arguments", arguments(block.get("input")));
        return call;
    }

    private static StringBuilder append(StringBuilder builder, String text) {
        return (builder == null ? new StringBuilder() : builder).append(text);
    }

    private static String textOr(JsonNode value, String fallback) {
        return value != null && value.isTextual() && !value.textValue().isEmpty() ? value.textValue() : fallback;
    }
}
