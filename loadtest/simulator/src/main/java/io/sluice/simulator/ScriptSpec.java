package io.sluice.simulator;

import java.util.List;
import java.util.Objects;

/**
 * A script: the responses that the next calls matching a body substring (and optionally a path) get, in order.
 *
 * <p>When several scripts match a call, the one registered first wins. Once its responses are used up, a script
 * with {@code repeatLast} keeps returning its last response, and any other script stops matching so later
 * scripts or the generated reply take over.
 *
 * @param match substring that must occur in the raw request body, or empty to match every call
 * @param path request path that must equal the call's path (without query), or empty for any path
 * @param responses the responses, used in order (at least one)
 * @param repeatLast whether the last response repeats forever once the others are used
 */
public record ScriptSpec(String match, String path, List<ResponseSpec> responses, boolean repeatLast) {

    /** Validates the script and copies its list. */
    public ScriptSpec {
        Objects.requireNonNull(match, "match");
        Objects.requireNonNull(path, "path");
        responses = List.copyOf(responses);
        if (responses.isEmpty()) {
            throw new IllegalArgumentException("responses: empty (expected: at least one response)");
        }
        if (!path.isEmpty() && !path.startsWith("/")) {
            throw new IllegalArgumentException("path: \"" + path + "\" (expected: a path starting with /)");
        }
    }

    /** Creates a script for any path that sends these responses to the matching calls, once each. */
    public static ScriptSpec of(String match, ResponseSpec... responses) {
        return new ScriptSpec(match, "", List.of(responses), false);
    }

    /** Returns a copy of this script that matches only calls to the given path. */
    public ScriptSpec onPath(String path) {
        return new ScriptSpec(match, path, responses, repeatLast);
    }

    /** Returns a copy of this script whose last response repeats forever. */
    public ScriptSpec repeatingLast() {
        return new ScriptSpec(match, path, responses, true);
    }

    /**
     * Parses a script from the JSON that {@code POST /_sim/scripts} accepts.
     *
     * @throws IllegalArgumentException when the JSON is malformed or a field is invalid, with a message that
     *     names the field
     */
    public static ScriptSpec fromJson(String json) {
        return ScriptJson.parseScript(json);
    }

    /** Returns this script as JSON for {@code POST /_sim/scripts}; bodies and events are written verbatim. */
    public String toJson() {
        return ScriptJson.write(this);
    }
}
