package io.sluice.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The control API under {@code /_sim/}: scripts, recorded calls and health. Control calls are never recorded and
 * never scripted.
 */
final class ControlApi {

    /** Path prefix of the control API. */
    static final String PREFIX = "/_sim/";

    private static final String SCRIPTS = PREFIX + "scripts";

    private final ScriptRegistry scripts;
    private final RequestLog log;

    ControlApi(ScriptRegistry scripts, RequestLog log) {
        this.scripts = scripts;
        this.log = log;
    }

    /** Returns whether a path belongs to the control API. */
    static boolean isControlPath(String path) {
        return path.startsWith(PREFIX) || path.equals("/_sim");
    }

    /** Returns the reply to one control call. */
    Reply handle(HttpRequest request) {
        try {
            return route(request);
        } catch (IllegalArgumentException e) {
            return error(400, e.getMessage());
        }
    }

    private Reply route(HttpRequest request) {
        String method = request.method();
        String path = request.path();
        return switch (path) {
            case PREFIX + "health" -> expect(request, "GET", () -> ok(Json.object().put("status", "ok")));
            case SCRIPTS -> switch (method) {
                case "POST" -> addScript(request);
                case "DELETE" -> deleted(scripts.clear());
                default -> methodNotAllowed(request);
            };
            case PREFIX + "requests" -> switch (method) {
                case "GET" -> requests(request);
                case "DELETE" -> deleted(log.clear());
                default -> methodNotAllowed(request);
            };
            case PREFIX + "calls" -> expect(request, "GET", () -> calls(request));
            case PREFIX + "reset" -> expect(request, "POST", this::reset);
            default -> path.startsWith(SCRIPTS + "/") && method.equals("DELETE")
                    ? deleteScript(path.substring(SCRIPTS.length() + 1))
                    : error(404, "Invalid URL (" + method + " " + path + ")");
        };
    }

    private Reply addScript(HttpRequest request) {
        String id = scripts.add(ScriptSpec.fromJson(request.bodyText()));
        return ok(Json.object().put("id", id));
    }

    private Reply deleteScript(String id) {
        return scripts.remove(id) ? deleted(1) : error(404, "script " + id + " not found");
    }

    private Reply requests(HttpRequest request) {
        Map<String, String> query = parseQuery(request.query());
        List<RecordedRequest> found = log.find(query.getOrDefault("match", ""), query.getOrDefault("path", ""));
        ArrayNode array = Json.array();
        found.forEach(recorded -> array.add(toJson(recorded)));
        return ok(array);
    }

    private Reply calls(HttpRequest request) {
        Map<String, String> query = parseQuery(request.query());
        int count = log.count(query.getOrDefault("match", ""), query.getOrDefault("path", ""));
        return ok(Json.object().put("count", count));
    }

    private Reply reset() {
        ObjectNode body = Json.object();
        body.put("scripts_deleted", scripts.clear());
        body.put("requests_deleted", log.clear());
        return ok(body);
    }

    /** Converts a recorded call to the JSON of {@code GET /_sim/requests}. */
    static ObjectNode toJson(RecordedRequest recorded) {
        ObjectNode node = Json.object();
        node.put("seq", recorded.seq());
        node.put("method", recorded.method());
        node.put("path", recorded.path());
        node.put("query", recorded.query());
        ObjectNode headers = node.putObject("headers");
        recorded.headers().forEach(headers::put);
        node.put("body", recorded.body());
        node.put("received_at_ms", recorded.receivedAtMillis());
        ArrayNode times = node.putArray("events_sent_at_ms");
        recorded.eventsSentAtMillis().forEach(times::add);
        node.put("events_sent", recorded.eventsSent());
        if (recorded.peerClosedAtMillis().isPresent()) {
            node.put("peer_closed_at_ms", recorded.peerClosedAtMillis().getAsLong());
        } else {
            node.putNull("peer_closed_at_ms");
        }
        node.put("completed", recorded.completed());
        return node;
    }

    private static Map<String, String> parseQuery(String query) {
        Map<String, String> parameters = new HashMap<>();
        if (query.isEmpty()) {
            return parameters;
        }
        for (String pair : query.split("&")) {
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String value = equals < 0 ? "" : pair.substring(equals + 1);
            parameters.put(decode(name), decode(value));
        }
        return parameters;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("query: \"" + text + "\" is not valid percent-encoding", e);
        }
    }

    private static Reply expect(HttpRequest request, String method, java.util.function.Supplier<Reply> action) {
        return request.method().equals(method) ? action.get() : methodNotAllowed(request);
    }

    private static Reply methodNotAllowed(HttpRequest request) {
        return error(405, "method " + request.method() + " is not allowed on " + request.path());
    }

    private static Reply deleted(int count) {
        return ok(Json.object().put("deleted", count));
    }

    private static Reply ok(JsonNode body) {
        return Reply.fixed(200, List.of(new Header("Content-Type", "application/json")), Json.bytes(body), 0);
    }

    private static Reply error(int status, String message) {
        return ErrorReplies.openAi(status, "invalid_request_error", message, null, null);
    }
}
