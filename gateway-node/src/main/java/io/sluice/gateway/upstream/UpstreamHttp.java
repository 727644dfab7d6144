package io.sluice.gateway.upstream;

import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientRequest;
import io.helidon.webclient.api.HttpClientResponse;
import io.helidon.webclient.api.Proxy;
import io.helidon.webclient.api.WebClient;
import io.sluice.gateway.api.ErrorKind;
import io.sluice.gateway.api.GatewayException;
import io.sluice.gateway.config.GatewayConfig.ProviderSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The HTTP side of one provider: a WebClient with the provider's timeouts, a bound on requests in flight, and
 * the mapping from transport failures to gateway errors.
 *
 * <p>Connections are kept alive and reused between requests. Errors never name the upstream's address, because
 * their messages reach clients.
 */
final class UpstreamHttp {

    /** Largest upstream body read into memory; a base64 embeddings batch of 2048 large vectors fits. */
    static final int MAX_BODY_BYTES = 128 * 1024 * 1024;
    /** Largest single stream event accepted from an upstream. */
    static final int MAX_EVENT_BYTES = 16 * 1024 * 1024;
    private static final long PERMIT_WAIT_SLICE_MILLIS = 50;

    private final ProviderSettings provider;
    private final WebClient client;
    private final Semaphore inFlight;

    UpstreamHttp(ProviderSettings provider) {
        this.provider = provider;
        this.client = WebClient.builder()
                .connectTimeout(provider.connectTimeout())
                .readTimeout(provider.readTimeout())
                .followRedirects(false)
                .keepAlive(true)
                .proxy(Proxy.noProxy())
                .socketOptions(options -> options.tcpNoDelay(true))
                .build();
        this.inFlight = new Semaphore(provider.maxConcurrentRequests());
    }

    ProviderSettings provider() {
        return provider;
    }

    /**
     * Posts a JSON body and returns once the status line and headers arrived.
     *
     * @param path    path below the provider's base URI, such as {@code /chat/completions}
     * @param headers request headers; the caller sets credentials for the provider's dialect
     */
    OpenResponse post(String path, Map<String, String> headers, byte[] body, Cancellation cancellation) {
        acquire(cancellation);
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                inFlight.release();
            }
        };
        HttpClientResponse response;
        if (!cancellation.beginUpstreamWait()) {
            release.run();
            throw new CancelledException(cancellation.reason());
        }
        try {
            HttpClientRequest request = client.post().uri(URI.create(provider.baseUri() + path));
            headers.forEach((name, value) -> request.header(HeaderNames.create(name), value));
            response = request.submit(body);
        } catch (RuntimeException e) {
            release.run();
            throw failure(e, cancellation);
        } finally {
            cancellation.endUpstreamWait();
        }
        OpenResponse open = new OpenResponse(response, release);
        if (!cancellation.attach(open)) {
            open.close();
            throw new CancelledException(cancellation.reason());
        }
        return open;
    }

    private void acquire(Cancellation cancellation) {
        long deadline = System.nanoTime() + provider.connectTimeout().toNanos();
        try {
            // Wait in short slices, so a request whose client left stops waiting for a permit at once.
            while (!inFlight.tryAcquire(PERMIT_WAIT_SLICE_MILLIS, TimeUnit.MILLISECONDS)) {
                if (cancellation.isCancelled()) {
                    throw new CancelledException(cancellation.reason());
                }
                if (System.nanoTime() - deadline >= 0) {
                    throw new GatewayException(ErrorKind.UPSTREAM_OVERLOADED, "Too many requests are waiting for "
                            + "the upstream of this model on this node; retry shortly.");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancelledException(cancellation.isCancelled() ? cancellation.reason()
                    : Cancellation.Reason.CLIENT_CLOSED);
        }
    }

    /** Maps a transport failure to the error the client receives. */
    static RuntimeException failure(Throwable error, Cancellation cancellation) {
        if (cancellation.isCancelled()) {
            return new CancelledException(cancellation.reason());
        }
        if (error instanceof GatewayException gatewayException) {
            return gatewayException;
        }
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SocketTimeoutException || cause instanceof InterruptedIOException) {
                return new GatewayException(ErrorKind.UPSTREAM_TIMEOUT, "The upstream did not respond in time.",
                        error);
            }
            if (cause instanceof ConnectException || cause instanceof UnknownHostException
                    || cause instanceof NoRouteToHostException) {
                return new GatewayException(ErrorKind.UPSTREAM_UNREACHABLE, "The upstream could not be reached.",
                        error);
            }
        }
        if (error.getClass().getSimpleName().contains("UnknownHost")) {
            return new GatewayException(ErrorKind.UPSTREAM_UNREACHABLE, "The upstream could not be reached.", error);
        }
        return new GatewayException(ErrorKind.UPSTREAM_UNREACHABLE,
                "The connection to the upstream failed before it answered.", error);
    }

    /**
     * Reads a whole body of a declared length into one array of exactly that size, failing above
     * {@link #MAX_BODY_BYTES}; without a declared length it reads up to the limit.
     */
    static byte[] readBounded(InputStream input, java.util.OptionalLong contentLength) throws IOException {
        if (contentLength.isEmpty()) {
            return readBounded(input);
        }
        long length = contentLength.getAsLong();
        if (length > MAX_BODY_BYTES) {
            throw new IOException("upstream body of " + length + " bytes is larger than " + MAX_BODY_BYTES);
        }
        byte[] body = new byte[(int) length];
        int read = input.readNBytes(body, 0, body.length);
        if (read < body.length) {
            throw new IOException("upstream body ended after " + read + " of " + length + " bytes");
        }
        return body;
    }

    /** Reads a whole input stream, failing once it passes {@link #MAX_BODY_BYTES}. */
    static byte[] readBounded(InputStream input) throws IOException {
        byte[] bytes = input.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            throw new IOException("upstream body larger than " + MAX_BODY_BYTES + " bytes");
        }
        return bytes;
    }

    /** An upstream response whose close releases the in-flight permit; an atomic flag makes a second close free. */
    static final class OpenResponse implements AutoCloseable {

        private final HttpClientResponse response;
        private final Runnable release;

        OpenResponse(HttpClientResponse response, Runnable release) {
            this.response = response;
            this.release = release;
        }

        HttpClientResponse response() {
            return response;
        }

        @Override
        public void close() {
            try {
                response.close();
            } catch (RuntimeException ignored) {
                // Closing a response whose socket is already gone can fail; the permit is released regardless.
            } finally {
                release.run();
            }
        }
    }
}
