package io.sluice.gateway.upstream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.gateway.api.ErrorKind;
import io.sluice.gateway.api.GatewayException;
import io.sluice.gateway.api.Json;
import io.sluice.gateway.config.GatewayConfig.ProviderSettings;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Connector for upstreams that speak the Anthropic Messages API.
 *
 * <p>Only chat completions are served. The client's OpenAI request is translated into a Messages request
 * ({@link AnthropicRequests}), and the response back into the OpenAI wire format: a {@code message} into a
 * {@code chat.completion} ({@link AnthropicResponses}), a named-event stream into {@code chat.completion.chunk}
 * events ending in {@code [DONE]} ({@link AnthropicStreamTranslator}), and an error body into the OpenAI error
 * shape with status 529 (overloaded) reported as 503. No client header is forwarded: the upstream receives only
 * the provider key in {@code x-api-key}, {@code anthropic-version}, content negotiation and trace context.
 */
public final class AnthropicConnector implements UpstreamConnector {

    private final UpstreamHttp http;
    private final Clock clock;

    /** Creates a connector for one provider. */
    public AnthropicConnector(ProviderSettings provider) {
        this(provider, Clock.systemUTC());
    }

    /** Creates a connector whose responses take their {@code created} time from {@code clock}. */
    AnthropicConnector(ProviderSettings provider, Clock clock) {
        this.http = new UpstreamHttp(provider);
        this.clock = clock;
    }

    /**
     * {@inheritDoc}
     *
     * @throws GatewayException with status 400 for an endpoint other than chat completions, or a request the
     *     Anthropic API cannot serve as specified, such as {@code n} above 1
     */
    @Override
    public UpstreamResponse send(UpstreamRequest request) {
        ObjectNode body = AnthropicRequests.body(request, http.provider());
        UpstreamHttp.OpenResponse open = http.post(AnthropicRequests.MESSAGES_PATH,
                headers(request, http.provider()), Json.bytes(body), request.cancellation());
        return new Response(open, request.cancellation(), request.route().upstreamModel(),
                clock.instant().getEpochSecond());
    }

    /** Returns the headers sent upstream: trace context, content negotiation, version and provider key. */
    static Map<String, String> headers(UpstreamRequest request, ProviderSettings provider) {
        Map<String, String> headers = new LinkedHashMap<>(request.traceHeaders());
        headers.put("content-type", "application/json");
        headers.put("accept", request.stream() ? "text/event-stream" : "application/json");
        headers.put("user-agent", "sluice");
        headers.put("anthropic-version", provider.anthropicVersion());
        provider.apiKey()
                .map(key -> key.reveal().strip())
                .filter(key -> !key.isEmpty())
                .ifPresent(key -> headers.put("x-api-key", key));
        return headers;
    }

    /** An Anthropic response, translated to the OpenAI wire format as it is read. */
    private static final class Response extends HttpUpstreamResponse {

        private final String upstreamModel;
        private final long createdEpochSeconds;
        private final Deque<SseEvent> pending = new ArrayDeque<>();
        private AnthropicStreamTranslator translator;

        Response(UpstreamHttp.OpenResponse open, Cancellation cancellation, String upstreamModel,
                 long createdEpochSeconds) {
            super(open, cancellation);
            this.upstreamModel = upstreamModel;
            this.createdEpochSeconds = createdEpochSeconds;
        }

        @Override
        public int status() {
            return AnthropicResponses.clientStatus(upstreamStatus());
        }

        @Override
        public byte[] body() throws IOException {
            byte[] bytes = readBody();
            if (upstreamStatus() / 100 != 2) {
                return Json.bytes(AnthropicResponses.error(upstreamStatus(), bytes));
            }
            JsonNode message;
            try {
                message = Json.parse(bytes);
            } catch (IOException e) {
                throw new GatewayException(ErrorKind.UPSTREAM_BAD_RESPONSE,
                        "The upstream returned a body that is not valid JSON.");
            }
            return Json.bytes(AnthropicResponses.completion(message, upstreamModel, createdEpochSeconds));
        }

        @Override
        public SseEvent nextEvent() throws IOException {
            if (translator == null) {
                translator = new AnthropicStreamTranslator(upstreamModel, createdEpochSeconds);
            }
            while (pending.isEmpty()) {
                if (translator.ended()) {
                    return null;
                }
                SseEvent upstreamEvent = readUpstreamEvent();
                if (upstreamEvent == null) {
                    // Cut off before message_stop: the caller reports the truncation.
                    return null;
                }
                pending.addAll(translator.translate(upstreamEvent));
            }
            return pending.removeFirst();
        }
    }
}
