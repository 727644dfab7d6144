package io.sluice.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Error responses in the shape of each dialect. */
final class ErrorReplies {

    private ErrorReplies() {
    }

    /**
     * Creates an OpenAI error: {@code {"error":{"message","type","param","code"}}}.
     *
     * @param param the request field at fault, or null
     * @param code the error code, or null
     */
    static Reply openAi(int status, String type, String message, String param, String code) {
        ObjectNode root = Json.object();
        ObjectNode error = root.putObject("error");
        error.put("message", message);
        error.put("type", type);
        error.put("param", param);
        error.put("code", code);
        List<Header> headers = List.of(
                new Header("Content-Type", "application/json"),
                new Header("x-request-id", Ids.next("req_")));
        return Reply.fixed(status, headers, Json.bytes(root), 0);
    }

    /** Creates an OpenAI {@code invalid_request_error} with status 400 that names the request field at fault. */
    static Reply openAiInvalid(String param, String message) {
        return openAi(400, "invalid_request_error", message, param, null);
    }

    /** Creates an Anthropic error: {@code {"type":"error","error":{"type","message"},"request_id"}}. */
    static Reply anthropic(int status, String type, String message) {
        String requestId = Ids.next("req_");
        ObjectNode root = Json.object();
        root.put("type", "error");
        ObjectNode error = root.putObject("error");
        error.put("type", type);
        error.put("message", message);
        root.put("request_id", requestId);
        List<Header> headers = List.of(
                new Header("Content-Type", "application/json"),
                new Header("request-id", requestId));
        return Reply.fixed(status, headers, Json.bytes(root), 0);
    }

    /** Creates the response to a request that breaks HTTP framing or a size limit, in the OpenAI shape. */
    static Reply protocolError(HttpProtocolException e) {
        return openAi(e.status(), "invalid_request_error", e.getMessage(), null, null);
    }

    /** Creates the 404 for a path that the dialect does not serve. */
    static Reply notFound(HttpRequest request) {
        String message = "Invalid URL (" + request.method() + " " + request.path() + ")";
        if (request.path().startsWith("/v1/messages")) {
            return anthropic(404, "not_found_error", message);
        }
        return openAi(404, "invalid_request_error", message, null, null);
    }
}
