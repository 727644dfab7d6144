package io.sluice.simulator;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The registered scripts, in registration order. Lookups take no lock: each script hands out its responses
 * through an atomic counter, so concurrent calls never get the same one-time response.
 */
final class ScriptRegistry {

    private final CopyOnWriteArrayList<ActiveScript> scripts = new CopyOnWriteArrayList<>();
    private final AtomicLong lastId = new AtomicLong();

    /** Registers a script and returns its id. */
    String add(ScriptSpec spec) {
        ActiveScript script = new ActiveScript("script-" + lastId.incrementAndGet(), spec);
        scripts.add(script);
        return script.id;
    }

    /** Returns the response for a call, taken from the first script that matches it and is not used up. */
    Optional<ScriptedResponse> next(String path, String body) {
        for (ActiveScript script : scripts) {
            if (!script.matches(path, body)) {
                continue;
            }
            Optional<ScriptedResponse> response = script.take();
            if (response.isPresent()) {
                return response;
            }
            scripts.remove(script);
        }
        return Optional.empty();
    }

    /** Removes one script and returns whether it existed. */
    boolean remove(String id) {
        return scripts.removeIf(script -> script.id.equals(id));
    }

    /** Removes every script and returns how many there were. */
    int clear() {
        int size = scripts.size();
        scripts.clear();
        return size;
    }

    /**
     * One scripted response, with its bytes encoded at registration.
     *
     * @param spec the response as scripted
     * @param encoded the encoded reply, or null for a {@link ResponseSpec.Kind#GENERATED} spec, which is generated
     *     per call
     */
    record ScriptedResponse(ResponseSpec spec, Reply encoded) {
    }

    private static final class ActiveScript {
        private final String id;
        private final ScriptSpec spec;
        private final List<ScriptedResponse> responses;
        private final AtomicInteger used = new AtomicInteger();

        ActiveScript(String id, ScriptSpec spec) {
            this.id = id;
            this.spec = spec;
            this.responses = spec.responses().stream().map(ActiveScript::encode).toList();
        }

        private static ScriptedResponse encode(ResponseSpec response) {
            Reply encoded = response.kind() == ResponseSpec.Kind.GENERATED ? null : Reply.of(response);
            return new ScriptedResponse(response, encoded);
        }

        boolean matches(String path, String body) {
            return (spec.path().isEmpty() || spec.path().equals(path)) && body.contains(spec.match());
        }

        Optional<ScriptedResponse> take() {
            while (true) {
                int index = used.get();
                if (index >= responses.size()) {
                    return spec.repeatLast() ? Optional.of(responses.getLast()) : Optional.empty();
                }
                if (used.compareAndSet(index, index + 1)) {
                    return Optional.of(responses.get(index));
                }
            }
        }
    }
}
