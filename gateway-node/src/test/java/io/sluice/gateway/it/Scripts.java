package io.sluice.gateway.it;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.gateway.api.Json;
import io.sluice.simulator.UpstreamSimulator;

/**
 * Builders for simulator scripts in the shorthand of the regression cases: {@code role()}, {@code c("x")},
 * {@code fin("stop")}, {@code usage(p, c)} and {@code done()} are OpenAI stream events.
 */
final class Scripts {

    private Scripts() {
    }

    static ObjectNode role() {
        ObjectNode delta = Json.object();
        delta.put("role", "assistant");
        delta.put("content", "");
        return chunk(delta, null);
    }

    static ObjectNode c(String text) {
        ObjectNode delta = Json.object();
        delta.put("content", text);
        return chunk(delta, null);
    }

    static ObjectNode reasoning(String text) {
        ObjectNode delta = Json.object();
        delta.put("reasoning_content", text);
        return chunk(delta, null);
    }

    static ObjectNode fin(String reason) {
        return chunk(Json.object(), reason);
    }

    static ObjectNode usage(int prompt, int completion) {
        ObjectNode chunk = envelope();
        chunk.putArray("choices");
        ObjectNode usage = chunk.putObject("usage");
        usage.put("prompt_tokens", prompt);
        usage.put("completion_tokens", completion);
        usage.put("total_tokens", prompt + completion);
        return chunk;
    }

    static ObjectNode done() {
        return event("[DONE]");
    }

    /** Builds an event spec: {@code data} written as JSON, sent after a delay. */
    static ObjectNode event(Object data, long delayMillis) {
        ObjectNode event = event(data);
        event.put("delay_ms", delayMillis);
        return event;
    }

    static ObjectNode event(Object data) {
        ObjectNode event = Json.object();
        if (data instanceof String text) {
            event.put("data", text);
        } else {
            event.set("data", (ObjectNode) data);
        }
        return event;
    }

    /** Builds a stream response spec from events (each a chunk or an event spec) and an end mode. */
    static ObjectNode stream(String end, Object... events) {
        ObjectNode response = Json.object();
        ArrayNode array = response.putArray("events");
        for (Object item : events) {
            ObjectNode node = (ObjectNode) item;
            array.add(node.has("data") || node.has("raw") ? node : event(node));
        }
        response.put("end", end);
        return response;
    }

    /** Builds a JSON response spec. */
    static ObjectNode json(int status, String body) {
        ObjectNode response = Json.object();
        response.put("status", status);
        response.set("body", Sse.json(body));
        return response;
    }

    /** Builds a chat completion body with one choice. */
    static String completion(String content, String finishReason, int prompt, int completion) {
        return "{\"id\":\"chatcmpl-scripted\",\"object\":\"chat.completion\",\"created\":1700000000,"
                + "\"model\":\"fu-model\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\","
                + "\"content\":" + Json.string(content) + ",\"refusal\":null},\"logprobs\":null,"
                + "\"finish_reason\":" + (finishReason == null ? "null" : "\"" + finishReason + "\"") + "}],"
                + "\"usage\":{\"prompt_tokens\":" + prompt + ",\"completion_tokens\":" + completion
                + ",\"total_tokens\":" + (prompt + completion) + "}}";
    }

    /** Registers a script: the responses go, in order, to calls whose body contains {@code match}. */
    static void script(UpstreamSimulator simulator, String match, ObjectNode... responses) {
        ObjectNode script = Json.object();
        script.put("match", match);
        ArrayNode array = script.putArray("responses");
        for (ObjectNode response : responses) {
            array.add(response);
        }
        simulator.script(Json.string(script));
    }

    private static ObjectNode chunk(ObjectNode delta, String finishReason) {
        ObjectNode chunk = envelope();
        ObjectNode choice = chunk.putArray("choices").addObject();
        choice.put("index", 0);
        choice.set("delta", delta);
        choice.putNull("logprobs");
        choice.put("finish_reason", finishReason);
        return chunk;
    }

    private static ObjectNode envelope() {
        ObjectNode chunk = Json.object();
        chunk.put("id", "chatcmpl-stream");
        chunk.put("object", "chat.completion.chunk");
        chunk.put("created", 1700000000);
        chunk.put("model", "fu-model");
        return chunk;
    }
}
