package io.sluice.gateway.pipeline;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.api.trace.Span;
import io.sluice.gateway.api.Json;
import io.sluice.gateway.api.Usage;
import io.sluice.gateway.auth.ClientKey;
import io.sluice.gateway.routing.Route;
import io.sluice.gateway.upstream.Cancellation;
import java.time.Instant;
import java.util.Objects;

/**
 * The facts gathered about one request while it runs, which become the access log line and the server span's
 * attributes when the request ends. Owned by the request's thread.
 *
 * <p>Token counts are kept in two parts: {@code usage} is what an upstream reported for this request and is
 * billable; {@code cachedUsage} is the original usage of responses served from the cache, reported to the client
 * but never billed twice.
 */
public final class RequestContext {

    private final String requestId;
    private final String method;
    private final String path;
    private final long startNanos = System.nanoTime();
    private final Instant startTime = Instant.now();
    private final Cancellation cancellation = new Cancellation();
    private Span span = Span.getInvalid();
    private ClientKey key;
    private Route route;
    private boolean stream;
    private CacheStatus cacheStatus;
    private int status;
    private String errorCode;
    private Integer upstreamStatus;
    private Usage usage = Usage.NONE;
    private Usage cachedUsage = Usage.NONE;
    private long firstByteNanos = -1;

    /** Creates the context of a request. */
    public RequestContext(String requestId, String method, String path) {
        this.requestId = Objects.requireNonNull(requestId, "requestId");
        this.method = method;
        this.path = path;
    }

    /** Returns the request id sent back as {@code x-request-id}. */
    public String requestId() {
        return requestId;
    }

    /** Returns the cancellation the HTTP layer fires when the client leaves or the deadline passes. */
    public Cancellation cancellation() {
        return cancellation;
    }

    /** Returns the server span. */
    public Span span() {
        return span;
    }

    /** Sets the server span. */
    public void span(Span serverSpan) {
        this.span = serverSpan;
    }

    void key(ClientKey clientKey) {
        this.key = clientKey;
    }

    ClientKey key() {
        return key;
    }

    void route(Route resolved) {
        this.route = resolved;
    }

    void stream(boolean streamed) {
        this.stream = streamed;
    }

    void cacheStatus(CacheStatus value) {
        this.cacheStatus = value;
    }

    /** Returns the {@code x-sluice-cache} value once the cache has been consulted or bypassed. */
    public java.util.Optional<String> cacheStatusHeader() {
        return java.util.Optional.ofNullable(cacheStatus).map(Enum::name);
    }

    String cacheStatusName() {
        return cacheStatus == null ? CacheStatus.BYPASS.name() : cacheStatus.name();
    }

    /** Records the status sent to the client, and the error code for a failure. */
    public void status(int value, String code) {
        this.status = value;
        this.errorCode = code;
    }

    /** Returns the status sent to the client, 0 before one was chosen. */
    public int status() {
        return status;
    }

    void upstreamStatus(int value) {
        this.upstreamStatus = value;
    }

    /** Records the tokens the upstream reported for this request, which are billable. */
    void usage(Usage value) {
        this.usage = value;
    }

    /** Records the tokens of responses served from the cache, which are not billed again. */
    void cachedUsage(Usage value) {
        this.cachedUsage = value;
    }

    long usagePromptTokens() {
        return usage.promptTokens();
    }

    long usageCompletionTokens() {
        return usage.completionTokens();
    }

    void markFirstByte() {
        if (firstByteNanos < 0) {
            firstByteNanos = System.nanoTime();
        }
    }

    /** Builds the access log line; it never contains prompts, completions or key secrets. */
    public ObjectNode accessLine() {
        ObjectNode line = Json.object();
        line.put("time", startTime.toString());
        line.put("request_id", requestId);
        String traceId = span.getSpanContext().isValid() ? span.getSpanContext().getTraceId() : null;
        line.put("trace_id", traceId);
        line.put("method", method);
        line.put("path", path);
        line.put("key_id", key == null ? null : key.keyId());
        line.put("tenant", key == null ? null : key.tenant());
        line.put("alias", route == null ? null : route.alias());
        line.put("provider", route == null ? null : route.provider().name());
        line.put("stream", stream);
        line.put("status", status);
        line.put("error_code", errorCode);
        if (upstreamStatus != null) {
            line.put("upstream_status", upstreamStatus);
        }
        line.put("cache", cacheStatus == null ? null : cacheStatus.name());
        line.put("latency_ms", (System.nanoTime() - startNanos) / 1_000_000.0);
        if (firstByteNanos >= 0) {
            line.put("ttfb_ms", (firstByteNanos - startNanos) / 1_000_000.0);
        }
        line.put("prompt_tokens", usage.promptTokens());
        line.put("completion_tokens", usage.completionTokens());
        line.put("cached_prompt_tokens", cachedUsage.promptTokens());
        line.put("cached_completion_tokens", cachedUsage.completionTokens());
        return line;
    }

    /** Copies the final facts onto the server span. */
    public void finishSpan() {
        span.setAttribute("http.response.status_code", status);
        span.setAttribute("sluice.request_id", requestId);
        if (key != null) {
            span.setAttribute("sluice.tenant", key.tenant());
            span.setAttribute("sluice.key_id", key.keyId());
        }
        if (route != null) {
            span.setAttribute("gen_ai.request.model", route.alias());
            span.setAttribute("gen_ai.provider.name", route.provider().name());
        }
        if (cacheStatus != null) {
            span.setAttribute("sluice.cache", cacheStatus.name());
        }
        span.setAttribute("gen_ai.usage.input_tokens", usage.promptTokens() + cachedUsage.promptTokens());
        span.setAttribute("gen_ai.usage.output_tokens", usage.completionTokens() + cachedUsage.completionTokens());
        span.setAttribute("sluice.usage.cached_input_tokens", cachedUsage.promptTokens());
        span.setAttribute("sluice.usage.cached_output_tokens", cachedUsage.completionTokens());
        if (errorCode != null) {
            span.setAttribute("error.type", errorCode);
        }
        if (status >= 500) {
            span.setStatus(io.opentelemetry.api.trace.StatusCode.ERROR);
        }
        span.end();
    }
}
