package io.sluice.gateway.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.api.trace.Span;
import io.sluice.gateway.api.Endpoint;
import io.sluice.gateway.api.ErrorKind;
import io.sluice.gateway.api.GatewayException;
import io.sluice.gateway.api.Json;
import io.sluice.gateway.cache.ChatStreamAssembler;
import io.sluice.gateway.cache.StreamAssembler;
import io.sluice.gateway.cache.TextStreamAssembler;
import io.sluice.gateway.config.GatewayConfig.ProviderSettings;
import io.sluice.gateway.upstream.CancelledException;
import io.sluice.gateway.upstream.Cancellation;
import io.sluice.gateway.upstream.SseEvent;
import io.sluice.gateway.upstream.UpstreamResponse;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.util.Map;

/**
 * Relays one upstream event stream to the client, event by event, as each arrives.
 *
 * <p>Each event is written with the exact bytes the upstream sent and flushed at once; nothing is held back.
 * Every chunk is also fed to an assembler, which reports at the end whether the response is complete. Then:
 * <ul>
 *   <li>every choice finished: the client gets exactly one {@code data: [DONE]}, the upstream's or, if the
 *       upstream closed without one, Sluice's. The response is cached (if allowed) only if the upstream sent its
 *       own {@code [DONE]}, all {@code n} choices appeared, and the response stayed within the capture bound
 *       (four times {@code cache.max-entry-bytes} of events; past it, content is no longer kept);</li>
 *   <li>upstream sent {@code [DONE]} but some choice never finished: {@code [DONE]} is relayed, nothing is
 *       cached;</li>
 *   <li>upstream sent an error event: the client gets it with the upstream's address and credentials
 *       scrubbed, as for an HTTP error, and no {@code [DONE]};</li>
 *   <li>upstream stopped early (connection cut, read timeout, garbage): the client gets an OpenAI error
 *       event and no {@code [DONE]}, so every SDK raises an error instead of returning a truncated response as
 *       if it were complete; nothing is cached.</li>
 * </ul>
 * When Sluice asked the upstream for a usage chunk the client did not ask for, that chunk is read for
 * accounting but not relayed.
 */
final class StreamRelay {

    private static final System.Logger LOGGER = System.getLogger(StreamRelay.class.getName());
    private static final byte[] DONE = SseEvent.done().raw();
    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    private final Gateway gateway;
    private final RequestContext context;
    private final CacheWriter writer;
    private final ClientChannel channel;
    private final UpstreamResponse response;
    private final StreamAssembler assembler;
    private final boolean relayUsageChunk;
    private final ProviderSettings provider;
    private final int expectedChoices;
    private final long maxCapturedBytes;
    private long capturedBytes;

    StreamRelay(Gateway gateway, Endpoint endpoint, ProviderSettings provider, RequestContext context,
                ObjectNode body, CacheWriter writer, ClientChannel channel, UpstreamResponse response) {
        this.provider = provider;
        this.gateway = gateway;
        this.context = context;
        this.writer = writer;
        this.channel = channel;
        this.response = response;
        this.assembler = endpoint == Endpoint.CHAT_COMPLETIONS ? new ChatStreamAssembler()
                : new TextStreamAssembler();
        this.relayUsageChunk = body.path("stream_options").path("include_usage").asBoolean(false);
        this.expectedChoices = body.path("n").asInt(1);
        this.maxCapturedBytes = gateway.cacheSettings().maxEntryBytes() * 4L;
    }

    void run() {
        Span span = gateway.telemetry().tracer().spanBuilder("sluice.stream").startSpan();
        int relayed = 0;
        try {
            channel.startEventStream(Map.of(Headers.CACHE, context.cacheStatusName()));
            context.status(200, null);
            Outcome outcome = relayEvents();
            relayed = outcome.relayed;
            finish(outcome);
        } finally {
            span.setAttribute("sluice.stream.events", relayed);
            span.end();
        }
    }

    private Outcome relayEvents() {
        Outcome outcome = new Outcome();
        while (true) {
            SseEvent event;
            try {
                event = response.nextEvent();
            } catch (IOException e) {
                outcome.failure = readFailure(e);
                return outcome;
            } catch (CancelledException e) {
                if (e.reason() == Cancellation.Reason.CLIENT_CLOSED) {
                    throw e;
                }
                outcome.failure = new GatewayException(ErrorKind.UPSTREAM_TIMEOUT,
                        "The request deadline passed before the upstream finished its answer.");
                return outcome;
            }
            if (event == null) {
                return outcome;
            }
            if (event.data() == null) {
                // A comment or keep-alive; its text is the upstream's, so only the framing is relayed.
                channel.writeEvent(KEEP_ALIVE);
                continue;
            }
            if (event.isDone()) {
                outcome.upstreamDone = true;
                return outcome;
            }
            JsonNode chunk;
            try {
                chunk = Json.parse(event.data().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            } catch (IOException e) {
                outcome.failure = new GatewayException(ErrorKind.UPSTREAM_BAD_RESPONSE,
                        "The upstream sent a stream event that is not valid JSON.");
                return outcome;
            }
            if (chunk.has("error") || "error".equals(event.event())) {
                channel.writeEvent(UpstreamErrors.inBandEvent(chunk, provider));
                outcome.upstreamError = true;
                return outcome;
            }
            capturedBytes += event.raw().length;
            if (writer.enabled() && capturedBytes <= maxCapturedBytes) {
                assembler.accept(chunk);
            } else {
                assembler.track(chunk);
                outcome.contentDropped = true;
            }
            if (!relayUsageChunk && isUsageChunk(chunk)) {
                continue;
            }
            context.markFirstByte();
            channel.writeEvent(event.raw());
            outcome.relayed++;
        }
    }

    private void finish(Outcome outcome) {
        context.usage(assembler.usage());
        boolean finished = outcome.failure == null && !outcome.upstreamError && assembler.complete();
        if (finished) {
            // Cached only when the upstream ended the stream itself and every requested choice finished.
            boolean storable = outcome.upstreamDone && !outcome.contentDropped
                    && assembler.choiceCount() == expectedChoices;
            if (storable) {
                writer.store(Json.bytes(assembler.result()), context);
            }
            channel.writeEvent(DONE);
        } else if (outcome.upstreamDone && outcome.failure == null && assembler.started()) {
            channel.writeEvent(DONE);
        } else if (outcome.upstreamError) {
            context.status(200, "upstream_stream_error");
        } else {
            GatewayException failure = outcome.failure != null ? outcome.failure
                    : new GatewayException(ErrorKind.UPSTREAM_BAD_RESPONSE,
                    "The upstream ended the stream before the response was complete.");
            String code = outcome.failure != null ? failure.kind().code() : "upstream_stream_truncated";
            LOGGER.log(System.Logger.Level.DEBUG, "Stream of request " + context.requestId() + " ended early: "
                    + code);
            context.status(200, code);
            channel.writeErrorEvent(failure.getMessage(), failure.kind().type(), code);
        }
        channel.endEventStream();
    }

    private static boolean isUsageChunk(JsonNode chunk) {
        JsonNode choices = chunk.get("choices");
        return choices != null && choices.isArray() && choices.isEmpty() && chunk.path("usage").isObject();
    }

    /** Maps a failure while reading the upstream's body to the error the client gets. */
    static GatewayException readFailure(IOException e) {
        if (e instanceof SocketTimeoutException || e instanceof InterruptedIOException) {
            return new GatewayException(ErrorKind.UPSTREAM_TIMEOUT, "The upstream stopped sending before its "
                    + "answer was complete (read timeout).", e);
        }
        return new GatewayException(ErrorKind.UPSTREAM_BAD_RESPONSE, "The connection to the upstream failed "
                + "while reading its answer.", e);
    }

    /** The result of the relay loop. */
    private static final class Outcome {
        private int relayed;
        private boolean upstreamDone;
        private boolean upstreamError;
        private boolean contentDropped;
        private GatewayException failure;
    }
}
