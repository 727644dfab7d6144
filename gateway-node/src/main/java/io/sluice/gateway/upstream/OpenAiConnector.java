package io.sluice.gateway.upstream;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.gateway.api.Endpoint;
import io.sluice.gateway.api.Json;
import io.sluice.gateway.config.GatewayConfig.ProviderSettings;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Connector for upstreams that speak the OpenAI API: OpenAI itself, vLLM, Ollama, LM Studio and the like.
 *
 * <p>The client's body is forwarded with only {@code model} replaced by the upstream model name, and, for
 * streams when the provider allows it, {@code stream_options.include_usage} set so that every stream reports
 * its token usage. Responses are relayed byte for byte. No client header is forwarded: the upstream receives
 * only the provider credential, content negotiation and trace context.
 */
public final class OpenAiConnector implements UpstreamConnector {

    private final UpstreamHttp http;

    /** Creates a connector for one provider. */
    public OpenAiConnector(ProviderSettings provider) {
        this.http = new UpstreamHttp(provider);
    }

    @Override
    public UpstreamResponse send(UpstreamRequest request) {
        ObjectNode body = upstreamBody(request, http.provider());
        Map<String, String> headers = new LinkedHashMap<>(request.traceHeaders());
        headers.put("content-type", "application/json");
        headers.put("accept", request.stream() ? "text/event-stream" : "application/json");
        headers.put("user-agent", "sluice");
        http.provider().apiKey().ifPresent(key -> headers.put("authorization", "Bearer " + key.reveal()));
        UpstreamHttp.OpenResponse open = http.post(request.endpoint().upstreamPath(), headers, Json.bytes(body),
                request.cancellation());
        return new Response(open, request.cancellation());
    }

    /** Returns the body sent upstream: a copy of the client's with the upstream model and usage reporting. */
    static ObjectNode upstreamBody(UpstreamRequest request, ProviderSettings provider) {
        ObjectNode body = request.body().deepCopy();
        body.put("model", request.route().upstreamModel());
        boolean textEndpoint = request.endpoint() != Endpoint.EMBEDDINGS;
        if (request.stream() && textEndpoint && provider.streamUsage()) {
            ObjectNode options = body.get("stream_options") instanceof ObjectNode existing ? existing
                    : body.putObject("stream_options");
            options.put("include_usage", true);
        }
        return body;
    }

    /** A relayed OpenAI response: status, body and events exactly as the upstream sent them. */
    private static final class Response extends HttpUpstreamResponse {

        Response(UpstreamHttp.OpenResponse open, Cancellation cancellation) {
            super(open, cancellation);
        }

        @Override
        public int status() {
            return upstreamStatus();
        }

        @Override
        public byte[] body() throws IOException {
            return readBody();
        }

        @Override
        public SseEvent nextEvent() throws IOException {
            return readUpstreamEvent();
        }
    }
}
