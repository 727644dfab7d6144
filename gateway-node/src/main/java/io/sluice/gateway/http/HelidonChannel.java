package io.sluice.gateway.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerResponse;
import io.sluice.gateway.pipeline.ClientChannel;
import io.sluice.gateway.pipeline.ClientGoneException;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * A {@link ClientChannel} over a Helidon response.
 *
 * <p>Events are written as raw bytes to the response stream and flushed one by one; Helidon's own SSE sink is
 * not used because it rewrites {@code data: } framing and responds 406 to clients (such as the Node OpenAI SDK)
 * that send {@code Accept: application/json} on streaming calls. A failed write means the client is gone.
 */
final class HelidonChannel implements ClientChannel {

    private final ServerResponse response;
    private OutputStream stream;
    private boolean committed;

    HelidonChannel(ServerResponse response) {
        this.response = response;
    }

    @Override
    public void sendJson(int status, Map<String, String> headers, byte[] body) {
        committed = true;
        response.status(status);
        headers.forEach(response::header);
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        try {
            response.send(body);
        } catch (UncheckedIOException | io.helidon.webserver.ServerConnectionException e) {
            throw new ClientGoneException(e);
        }
    }

    @Override
    public void sendJson(int status, Map<String, String> headers, BodyWriter body) {
        committed = true;
        response.status(status);
        headers.forEach(response::header);
        response.header(HeaderNames.CONTENT_TYPE, "application/json");
        try (OutputStream out = response.outputStream()) {
            body.writeTo(out);
        } catch (IOException | RuntimeException e) {
            throw new ClientGoneException(e);
        }
    }

    @Override
    public void startEventStream(Map<String, String> headers) {
        committed = true;
        response.status(200);
        headers.forEach(response::header);
        response.header(HeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8");
        response.header(HeaderNames.CACHE_CONTROL, "no-cache");
        response.header("x-accel-buffering", "no");
        stream = response.outputStream();
    }

    @Override
    public void writeEvent(byte[] event) {
        try {
            stream.write(event);
            stream.flush();
        } catch (IOException | RuntimeException e) {
            throw new ClientGoneException(e);
        }
    }

    @Override
    public void endEventStream() {
        try {
            stream.close();
        } catch (IOException | RuntimeException e) {
            throw new ClientGoneException(e);
        }
    }

    @Override
    public boolean committed() {
        return committed;
    }

    /** Tells whether an event stream was opened, so an error can only be reported in band. */
    boolean streaming() {
        return stream != null;
    }
}
