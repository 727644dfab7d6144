package io.sluice.gateway.upstream;

import java.io.IOException;
import java.util.Optional;

/**
 * An upstream's response, already in the OpenAI wire format whatever dialect the upstream speaks.
 *
 * <p>Exactly one of {@link #body()} and {@link #nextEvent()} is used per response. Closing the response
 * releases (or, if unread, aborts) the upstream connection.
 */
public interface UpstreamResponse extends AutoCloseable {

    /** Returns the HTTP status the upstream sent. */
    int status();

    /** Returns a response header by lowercase name. */
    Optional<String> header(String name);

    /** Tells whether the body is a server-sent event stream. */
    boolean isEventStream();

    /**
     * Reads the whole body.
     *
     * @throws IOException if reading fails or the body exceeds the size limit
     */
    byte[] body() throws IOException;

    /**
     * Reads the next OpenAI stream event.
     *
     * @return the event, or {@code null} when the upstream ended the stream
     * @throws IOException if reading fails, the read timeout passes or the upstream sends an invalid event
     */
    SseEvent nextEvent() throws IOException;

    @Override
    void close();
}
