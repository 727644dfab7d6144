package io.sluice.gateway.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.sluice.gateway.api.ErrorBodies;
import io.sluice.gateway.api.ErrorKind;
import io.sluice.gateway.api.GatewayException;
import io.sluice.gateway.pipeline.ClientGoneException;
import io.sluice.gateway.pipeline.RequestContext;
import io.sluice.gateway.telemetry.AccessLog;
import io.sluice.gateway.telemetry.Telemetry;
import io.sluice.gateway.upstream.Cancellation;
import io.sluice.gateway.upstream.CancelledException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Runs one API request around a handler: request id, server span, deadline and disconnect watch, body reading,
 * mapping every failure to an OpenAI error, the access log line.
 */
final class Exchange {

    private static final System.Logger LOGGER = System.getLogger(Exchange.class.getName());
    private static final String CLIENT_CLOSED_CODE = "client_closed_request";
    private static final int CLIENT_CLOSED_STATUS = 499;

    private static final TextMapGetter<ServerRequest> HEADER_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(ServerRequest request) {
            return List.of();
        }

        @Override
        public String get(ServerRequest request, String key) {
            return request == null ? null : request.headers().first(HeaderNames.create(key)).orElse(null);
        }
    };

    /** The work of one endpoint, given the parsed pieces of the request. */
    interface Handler {
        void handle(RequestContext context, Function<String, String> header, byte[] body, HelidonChannel channel);
    }

    private final Telemetry telemetry;
    private final AccessLog accessLog;
    private final DisconnectWatcher watcher;
    private final long maxBodyBytes;
    private final Duration requestTimeout;

    Exchange(Telemetry telemetry, AccessLog accessLog, DisconnectWatcher watcher, long maxBodyBytes,
             Duration requestTimeout) {
        this.telemetry = telemetry;
        this.accessLog = accessLog;
        this.watcher = watcher;
        this.maxBodyBytes = maxBodyBytes;
        this.requestTimeout = requestTimeout;
    }

    /** Runs a handler for a request; {@code readBody} is false for requests without a body, such as GET. */
    void run(ServerRequest request, ServerResponse response, boolean readBody, Handler handler) {
        String method = request.prologue().method().text();
        String path = request.path().path();
        RequestContext context = new RequestContext(RequestIds.next(), method, path);
        response.header("x-request-id", context.requestId());
        Context parent = telemetry.propagator().extract(Context.root(), request, HEADER_GETTER);
        Span span = telemetry.tracer().spanBuilder(method + " " + path).setParent(parent)
                .setSpanKind(SpanKind.SERVER)
                .setAttribute("http.request.method", method)
                .setAttribute("url.path", path)
                .startSpan();
        context.span(span);
        HelidonChannel channel = new HelidonChannel(response);
        long deadline = System.nanoTime() + requestTimeout.toNanos();
        try (Scope ignored = span.makeCurrent();
             DisconnectWatcher.Watch watch = watcher.watch(request.localPeer().address(),
                     request.remotePeer().address(), deadline, context.cancellation())) {
            byte[] body = readBody ? readBody(request) : new byte[0];
            handler.handle(context, name -> request.headers().first(HeaderNames.create(name)).orElse(null), body,
                    channel);
        } catch (GatewayException e) {
            fail(context, channel, e);
        } catch (CancelledException e) {
            if (e.reason() == Cancellation.Reason.DEADLINE) {
                fail(context, channel, new GatewayException(ErrorKind.UPSTREAM_TIMEOUT,
                        "The request did not finish within the gateway's deadline of " + requestTimeout.toSeconds()
                                + " s."));
            } else {
                clientClosed(context, channel);
            }
        } catch (ClientGoneException e) {
            clientClosed(context, channel);
        } catch (RuntimeException e) {
            LOGGER.log(System.Logger.Level.ERROR, "Request " + context.requestId() + " failed", e);
            fail(context, channel, new GatewayException(ErrorKind.INTERNAL,
                    "The server had an error while processing your request. Request id: " + context.requestId()
                            + "."));
        } finally {
            context.cancellation().finish();
            context.finishSpan();
            accessLog.write(context.accessLine());
        }
    }

    /**
     * Ends a request whose client left. Nothing was sent yet, so a short 499 with {@code Connection: close} is
     * written; otherwise Helidon would respond for the handler with a 500 of its own, which a client that only
     * half-closed its connection would still read.
     */
    private static void clientClosed(RequestContext context, HelidonChannel channel) {
        if (context.cancellation().reason() == Cancellation.Reason.DEADLINE) {
            // The deadline interrupted a write to a client that had stopped reading.
            context.status(ErrorKind.UPSTREAM_TIMEOUT.status(), "request_deadline");
            return;
        }
        context.status(CLIENT_CLOSED_STATUS, CLIENT_CLOSED_CODE);
        if (channel.committed()) {
            return;
        }
        try {
            byte[] body = ErrorBodies.openAi("The client closed the connection.", "invalid_request_error", null,
                    CLIENT_CLOSED_CODE);
            channel.sendJson(CLIENT_CLOSED_STATUS, Map.of("connection", "close"), body);
        } catch (ClientGoneException | IllegalStateException gone) {
            // The connection is already closed, so the response cannot be delivered.
        }
    }

    private byte[] readBody(ServerRequest request) {
        try (InputStream in = request.content().inputStream()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            if (body.length > maxBodyBytes) {
                // Read the rest before responding, because closing a socket with unread input resets the connection,
                // and the reset can destroy the 413 before the client reads it. Helidon stops the drain at
                // its own hard limit (see NodeServer).
                in.transferTo(OutputStream.nullOutputStream());
                throw tooLarge();
            }
            return body;
        } catch (GatewayException e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            if (statusOf(e) == 413) {
                throw tooLarge();
            }
            LOGGER.log(System.Logger.Level.DEBUG, "Reading a request body failed", e);
            throw GatewayException.invalid(null, "The request body could not be read: " + e.getClass().getSimpleName());
        }
    }

    /** Finds an HTTP status carried by a Helidon exception in a failure's cause chain, or 0. */
    private static int statusOf(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof io.helidon.http.RequestException requestException) {
                return requestException.status().code();
            }
            if (cause instanceof io.helidon.http.HttpException httpException) {
                return httpException.status().code();
            }
        }
        return 0;
    }

    private GatewayException tooLarge() {
        return new GatewayException(ErrorKind.PAYLOAD_TOO_LARGE,
                "The request body is larger than the limit of " + maxBodyBytes + " bytes.");
    }

    /** Reports a failure: as a JSON error if nothing was sent yet, as an in-band error event inside a stream. */
    static void fail(RequestContext context, HelidonChannel channel, GatewayException error) {
        ErrorKind kind = error.kind();
        String code = kind.code() == null ? kind.type() : kind.code();
        context.status(kind.status(), code);
        try {
            if (!channel.committed()) {
                Map<String, String> headers = new java.util.HashMap<>();
                if (!kind.retryable()) {
                    headers.put("x-should-retry", "false");
                }
                if (kind.status() == 503) {
                    headers.put("retry-after", "1");
                }
                if (kind == ErrorKind.PAYLOAD_TOO_LARGE) {
                    // The rest of the body is never read, so the connection cannot carry another request.
                    headers.put("connection", "close");
                }
                context.cacheStatusHeader().ifPresent(value -> headers.put("x-sluice-cache", value));
                channel.sendJson(kind.status(), headers, error.body());
            } else if (channel.streaming()) {
                context.status(200, code);
                channel.writeErrorEvent(error.getMessage(), kind.type(), kind.code());
                channel.endEventStream();
            }
        } catch (ClientGoneException gone) {
            context.status(CLIENT_CLOSED_STATUS, CLIENT_CLOSED_CODE);
        }
    }

}
