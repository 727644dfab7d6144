package io.sluice.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.Objects;

/**
 * A fake LLM provider on a local port that speaks the OpenAI and Anthropic wire formats, answers
 * deterministically unless scripted, follows scripts of responses and faults, and records every call.
 *
 * <p>Typical use in a test:
 * <pre>{@code
 * try (UpstreamSimulator sim = UpstreamSimulator.start()) {
 *     sim.script(ScriptSpec.of("nonce=42", ResponseSpec.json(429, "{\"error\":{...}}")));
 *     // point the gateway at sim.baseUrl() + "/v1" and send a request whose body contains "nonce=42"
 *     assertThat(sim.calls("nonce=42")).isEqualTo(1);
 * }
 * }</pre>
 * The same operations are available over HTTP under {@code /_sim/}, for tests in other processes.
 */
public final class UpstreamSimulator implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(UpstreamSimulator.class.getName());

    private final SimulatorOptions options;
    private final ScriptRegistry scripts = new ScriptRegistry();
    private final RequestLog log;
    private final HttpServer server;

    private UpstreamSimulator(SimulatorOptions options) throws IOException {
        this.options = options;
        this.log = new RequestLog(options.maxRecordedRequests());
        SimulatorHandler handler = new SimulatorHandler(options, scripts, log);
        this.server = HttpServer.start(options.host(), options.port(), handler, options.maxHeaderBytes(),
                options.maxRequestBytes());
    }

    /** Starts a simulator with the default options on a free port of 127.0.0.1. */
    public static UpstreamSimulator start() {
        return start(SimulatorOptions.defaults());
    }

    /**
     * Starts a simulator and returns once it accepts connections.
     *
     * @throws UncheckedIOException when the address cannot be bound
     */
    public static UpstreamSimulator start(SimulatorOptions options) {
        Objects.requireNonNull(options, "options");
        try {
            UpstreamSimulator simulator = new UpstreamSimulator(options);
            LOG.log(Level.INFO, "Upstream simulator listening on {0}", simulator.baseUrl());
            return simulator;
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "Failed to bind the simulator to " + options.host() + ":" + options.port(), e);
        }
    }

    /** Returns the options this simulator was started with (with the requested port, possibly 0). */
    public SimulatorOptions options() {
        return options;
    }

    /** Returns the bound port. */
    public int port() {
        return server.port();
    }

    /**
     * Returns the base URL, such as {@code http://127.0.0.1:43121}, without a trailing slash. A wildcard bind
     * address is reported as 127.0.0.1.
     */
    public String baseUrl() {
        String host = options.host();
        if (host.equals("0.0.0.0") || host.equals("::") || host.equals("[::]")) {
            host = "127.0.0.1";
        } else if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return "http://" + host + ":" + port();
    }

    /** Registers a script and returns its id. */
    public String script(ScriptSpec script) {
        return scripts.add(Objects.requireNonNull(script, "script"));
    }

    /**
     * Registers a script given in the JSON form of {@code POST /_sim/scripts} and returns its id.
     *
     * @throws IllegalArgumentException when the JSON is not a valid script, with a message that names the field
     */
    public String script(String json) {
        return script(ScriptSpec.fromJson(json));
    }

    /** Removes one script and returns whether it existed. */
    public boolean removeScript(String id) {
        return scripts.remove(id);
    }

    /** Removes every script. */
    public void clearScripts() {
        scripts.clear();
    }

    /** Deletes every recorded call. */
    public void clearRequests() {
        log.clear();
    }

    /** Removes every script and deletes every recorded call. */
    public void reset() {
        clearScripts();
        clearRequests();
    }

    /** Returns every recorded call, in arrival order. */
    public List<RecordedRequest> requests() {
        return requests("", "");
    }

    /** Returns the recorded calls whose raw body contains {@code match}, in arrival order. */
    public List<RecordedRequest> requests(String match) {
        return requests(match, "");
    }

    /**
     * Returns the recorded calls whose raw body contains {@code match} and whose path equals {@code path}, in
     * arrival order; an empty {@code match} or {@code path} matches every call.
     */
    public List<RecordedRequest> requests(String match, String path) {
        return log.find(Objects.requireNonNull(match, "match"), Objects.requireNonNull(path, "path"));
    }

    /** Counts the recorded calls whose raw body contains {@code match}. */
    public int calls(String match) {
        return calls(match, "");
    }

    /** Counts the recorded calls whose raw body contains {@code match} and whose path equals {@code path}. */
    public int calls(String match, String path) {
        return log.count(Objects.requireNonNull(match, "match"), Objects.requireNonNull(path, "path"));
    }

    /** Stops the simulator and closes every open connection. */
    @Override
    public void close() {
        server.close();
        LOG.log(Level.INFO, "Upstream simulator on {0} stopped", baseUrl());
    }
}
