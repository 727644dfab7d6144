package io.sluice.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.gateway.api.Endpoint;
import io.sluice.gateway.api.GatewayException;
import io.sluice.gateway.api.Json;
import io.sluice.gateway.config.GatewayConfig.ProviderSettings;
import java.math.BigDecimal;

/**
 * Translates an OpenAI chat completion request into an Anthropic Messages request.
 *
 * <p>Fields with an Anthropic equivalent are translated: messages (see {@link AnthropicMessages}),
 * {@code max_completion_tokens} or {@code max_tokens}, {@code stop}, {@code temperature}, {@code top_p},
 * {@code tools}, {@code tool_choice}, {@code parallel_tool_calls}, {@code user}, a {@code json_schema}
 * {@code response_format} and {@code stream}. Fields that only tune sampling or output detail and have no
 * equivalent ({@code presence_penalty}, {@code frequency_penalty}, {@code logit_bias}, {@code seed},
 * {@code logprobs}, {@code stream_options} and the like) are dropped. Fields whose loss would change the shape
 * of the response ({@code n} above 1, legacy {@code functions}, custom tools) are rejected with a 400.
 */
final class AnthropicRequests {

    /** Path of the Messages API below the provider's base URI. */
    static final String MESSAGES_PATH = "/messages";

    /** Anthropic's maximum {@code temperature}. OpenAI allows up to 2. */
    private static final BigDecimal MAX_TEMPERATURE = BigDecimal.ONE;

    private AnthropicRequests() {
    }

    /**
     * Builds the Anthropic request body.
     *
     * @throws GatewayException with status 400 for an endpoint other than chat completions, or a request the
     *     Anthropic API cannot serve as specified
     */
    static ObjectNode body(UpstreamRequest request, ProviderSettings provider) {
        requireChat(request);
        ObjectNode client = request.body();
        rejectUnsupported(client);
        ObjectNode body = Json.object();
        body.put("model", request.route().upstreamModel());
        AnthropicMessages.Conversation conversation = AnthropicMessages.translate(client.path("messages"));
        if (!conversation.system().isEmpty()) {
            body.set("system", conversation.system());
        }
        body.set("messages", conversation.messages());
        body.put("max_tokens", maxTokens(client, provider));
        stopSequences(client, body);
        sampling(client, body);
        tools(client, body);
        if (client.path("user").isTextual()) {
            body.putObject("metadata").put("user_id", client.get("user").textValue());
        }
        responseFormat(client, body);
        if (request.stream()) {
            body.put("stream", true);
        }
        return body;
    }

    private static void requireChat(UpstreamRequest request) {
        Endpoint endpoint = request.endpoint();
        if (endpoint != Endpoint.CHAT_COMPLETIONS) {
            throw GatewayException.invalid("model", "The model '" + request.route().alias() + "' is served by a "
                    + "provider that does not support /v1" + endpoint.upstreamPath() + "; use /v1/chat/completions "
                    + "or another model.");
        }
    }

    private static void rejectUnsupported(ObjectNode client) {
        JsonNode n = client.get("n");
        if (n != null && n.isNumber() && n.decimalValue().compareTo(BigDecimal.ONE) > 0) {
            throw GatewayException.invalid("n", "n: " + n + " (expected: 1, because this model's provider returns "
                    + "one choice per request)");
        }
        if (present(client, "functions") != null || present(client, "function_call") != null) {
            String param = present(client, "functions") != null ? "functions" : "function_call";
            throw GatewayException.invalid(param, param + " is not supported by this model's provider; use tools "
                    + "and tool_choice instead.");
        }
    }

    private static int maxTokens(ObjectNode client, ProviderSettings provider) {
        for (String field : new String[] {"max_completion_tokens", "max_tokens"}) {
            JsonNode value = present(client, field);
            if (value != null && value.canConvertToInt()) {
                return value.intValue();
            }
        }
        return provider.defaultMaxTokens();
    }

    private static void stopSequences(ObjectNode client, ObjectNode body) {
        JsonNode stop = present(client, "stop");
        if (stop == null) {
            return;
        }
        ArrayNode sequences = body.putArray("stop_sequences");
        if (stop.isTextual()) {
            sequences.add(stop.textValue());
        } else if (stop instanceof ArrayNode array) {
            sequences.addAll(array);
        }
    }

    private static void sampling(ObjectNode client, ObjectNode body) {
        JsonNode temperature = present(client, "temperature");
        if (temperature != null && temperature.isNumber()) {
            boolean aboveMax = temperature.decimalValue().compareTo(MAX_TEMPERATURE) > 0;
            body.set("temperature", aboveMax ? Json.mapper().getNodeFactory().numberNode(MAX_TEMPERATURE)
                    : temperature);
        }
        JsonNode topP = present(client, "top_p");
        if (topP != null && topP.isNumber()) {
            body.set("top_p", topP);
        }
    }

    private static void tools(ObjectNode client, ObjectNode body) {
        JsonNode tools = present(client, "tools");
        if (tools == null || !tools.isArray() || tools.isEmpty()) {
            // Anthropic rejects tool_choice without tools, and it is meaningless then anyway.
            return;
        }
        ArrayNode translated = body.putArray("tools");
        for (int i = 0; i < tools.size(); i++) {
            translated.add(tool(tools.get(i), "tools[" + i + "]"));
        }
        ObjectNode choice = toolChoice(present(client, "tool_choice"));
        JsonNode parallel = client.get("parallel_tool_calls");
        boolean serial = parallel != null && parallel.isBoolean() && !parallel.booleanValue();
        if (serial && choice == null) {
            choice = Json.object().put("type", "auto");
        }
        if (serial && !choice.path("type").asText().equals("none")) {
            choice.put("disable_parallel_tool_use", true);
        }
        if (choice != null) {
            body.set("tool_choice", choice);
        }
    }

    private static ObjectNode tool(JsonNode tool, String param) {
        String type = tool.path("type").asText("function");
        if (!type.equals("function")) {
            throw GatewayException.invalid(param + ".type", param + ".type: '" + type + "' (expected: function, "
                    + "because this model's provider supports function tools only)");
        }
        JsonNode function = tool.path("function");
        JsonNode name = function.get("name");
        if (name == null || !name.isTextual() || name.textValue().isEmpty()) {
            throw GatewayException.invalid(param + ".function.name",
                    "Missing required parameter: '" + param + ".function.name'.");
        }
        ObjectNode translated = Json.object();
        translated.put("name", name.textValue());
        if (function.path("description").isTextual()) {
            translated.put("description", function.get("description").textValue());
        }
        translated.set("input_schema", inputSchema(function.get("parameters")));
        if (function.path("strict").asBoolean(false)) {
            translated.put("strict", true);
        }
        return translated;
    }

    /** Returns the tool's JSON schema, because Anthropic requires one and requires it to describe an object. */
    private static ObjectNode inputSchema(JsonNode parameters) {
        if (parameters == null || !parameters.isObject()) {
            return Json.object().put("type", "object");
        }
        ObjectNode schema = parameters.deepCopy();
        if (!schema.has("type")) {
            schema.put("type", "object");
        }
        return schema;
    }

    /** Translates {@code tool_choice}, or returns {@code null} if the client set none. */
    private static ObjectNode toolChoice(JsonNode choice) {
        if (choice == null) {
            return null;
        }
        if (choice.isTextual()) {
            String type = switch (choice.textValue()) {
                case "auto" -> "auto";
                case "required" -> "any";
                case "none" -> "none";
                default -> throw GatewayException.invalid("tool_choice", "tool_choice: '" + choice.textValue()
                        + "' (expected: auto, required, none, or a function object)");
            };
            return Json.object().put("type", type);
        }
        JsonNode name = choice.path("function").get("name");
        if (!choice.path("type").asText().equals("function") || name == null || !name.isTextual()) {
            throw GatewayException.invalid("tool_choice", "tool_choice: an object other than "
                    + "{\"type\":\"function\",\"function\":{\"name\":...}} (expected: auto, required, none, or a "
                    + "function object, because this model's provider supports no other tool choice)");
        }
        return Json.object().put("type", "tool").put("name", name.textValue());
    }

    /** Translates a {@code json_schema} response format into Anthropic's structured output setting. */
    private static void responseFormat(ObjectNode client, ObjectNode body) {
        JsonNode format = present(client, "response_format");
        JsonNode schema = format == null ? null : format.path("json_schema").get("schema");
        if (format == null || !format.path("type").asText().equals("json_schema") || schema == null
                || !schema.isObject()) {
            // NOTE: a json_object format has no Anthropic equivalent without a schema, so it is not forwarded.
            return;
        }
        ObjectNode outputFormat = body.putObject("output_config").putObject("format");
        outputFormat.put("type", "json_schema");
        outputFormat.set("schema", schema);
    }

    private static JsonNode present(ObjectNode body, String name) {
        JsonNode value = body.get(name);
        return value == null || value.isNull() ? null : value;
    }
}
