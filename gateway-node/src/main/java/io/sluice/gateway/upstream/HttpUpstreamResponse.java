package io.sluice.gateway.upstream;

import io.helidon.http.HeaderNames;
import io.helidon.webclient.api.HttpClientResponse;
import java.io.IOException;
import java.util.Optional;

/**
 * Base of every connector's response: access to the upstream's status and headers, bounded body and event
 * reads, the mapping of read failures, and release of the connection on close.
 */
abstract class HttpUpstreamResponse implements UpstreamResponse {

    private final UpstreamHttp.OpenResponse open;
    private final HttpClientResponse response;
    private final Cancellation cancellation;
    private SseReader reader;

    HttpUpstreamResponse(UpstreamHttp.OpenResponse open, Cancellation cancellation) {
        this.open = open;
        this.response = open.response();
        this.cancellation = cancellation;
    }

    /** Returns the status exactly as the upstream sent it. */
    final int upstreamStatus() {
        return response.status().code();
    }

    @Override
    public Optional<String> header(String name) {
        return response.headers().first(HeaderNames.create(name));
    }

    @Override
    public boolean isEventStream() {
        return response.headers().first(HeaderNames.CONTENT_TYPE)
                .map(type -> type.startsWith("text/event-stream"))
                .orElse(false);
    }

    /** Reads the upstream's whole body, up to {@link UpstreamHttp#MAX_BODY_BYTES}. */
    final byte[] readBody() throws IOException {
        try {
            return UpstreamHttp.readBounded(response.inputStream(), response.headers().contentLength());
        } catch (IOException | RuntimeException e) {
            throw readFailure(e);
        }
    }

    /** Reads the upstream's next server-sent event, as the upstream framed it; {@code null} at the end. */
    final SseEvent readUpstreamEvent() throws IOException {
        if (reader == null) {
            reader = new SseReader(response.inputStream(), UpstreamHttp.MAX_EVENT_BYTES);
        }
        try {
            return reader.next();
        } catch (IOException | RuntimeException e) {
            throw readFailure(e);
        }
    }

    /**
     * Maps a read failure. After a cancellation the failure only shows that the socket was closed under the
     * reader, so the cancellation is thrown instead. Any other failure is an I/O failure of the upstream.
     */
    private IOException readFailure(Exception e) {
        if (cancellation.isCancelled()) {
            throw new CancelledException(cancellation.reason());
        }
        if (e instanceof IOException io) {
            return io;
        }
        return e.getCause() instanceof IOException io ? io : new IOException(e.getMessage(), e);
    }

    @Override
    public void close() {
        cancellation.detach();
        open.close();
    }
}
