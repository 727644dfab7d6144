package io.sluice.gateway.api;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Builders for error bodies in the OpenAI wire shape {@code {"error":{"message","type","param","code"}}}. */
public final class ErrorBodies {

    private ErrorBodies() {
    }

    /** Builds the OpenAI error object; all four fields are always present, as the OpenAI schema requires. */
    public static ObjectNode openAiNode(String message, String type, String param, String code) {
        ObjectNode error = Json.object();
        error.put("message", message);
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        ObjectNode body = Json.object();
        body.set("error", error);
        return body;
    }

    /** Serializes the OpenAI error body. */
    public static byte[] openAi(String message, String type, String param, String code) {
        return Json.bytes(openAiNode(message, type, param, code));
    }
}
