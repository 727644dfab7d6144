package io.sluice.gateway.upstream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Splits a byte stream into server-sent events without decoding across network reads.
 *
 * <p>Lines end with {@code \n}, {@code \r\n} or {@code \r}; an event ends at a blank line. Bytes are collected
 * per event and decoded as UTF-8 only once the event is complete, so a multi-byte character split between two
 * reads is never corrupted. The exact bytes of each event are kept for relaying.
 */
public final class SseReader {

    private static final int READ_BUFFER_BYTES = 8192;

    private final InputStream input;
    private final int maxEventBytes;
    private final byte[] buffer = new byte[READ_BUFFER_BYTES];
    private final ByteArrayOutputStream eventBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream lineBytes = new ByteArrayOutputStream();
    private final StringBuilder data = new StringBuilder();
    private int position;
    private int limit;
    private boolean skipLineFeed;
    private boolean atStreamStart = true;
    private boolean sawData;
    private String eventName;

    /**
     * Creates a reader.
     *
     * @param input         the response body
     * @param maxEventBytes the largest event accepted; a larger one fails the stream
     */
    public SseReader(InputStream input, int maxEventBytes) {
        this.input = input;
        this.maxEventBytes = maxEventBytes;
    }

    /**
     * Reads the next event.
     *
     * @return the event, or {@code null} at the end of the stream; bytes after the last blank line are
     *     returned as a final event only if they form at least one complete line
     * @throws IOException if reading fails or an event exceeds the size limit
     */
    public SseEvent next() throws IOException {
        while (true) {
            if (position == limit && !fill()) {
                return finishAtEndOfStream();
            }
            if (atStreamStart) {
                atStreamStart = false;
                if (skipByteOrderMark()) {
                    continue;
                }
            }
            byte b = buffer[position++];
            if (skipLineFeed) {
                skipLineFeed = false;
                if (b == '\n') {
                    continue;
                }
            }
            eventBytes.write(b);
            if (eventBytes.size() > maxEventBytes) {
                throw new IOException("server-sent event larger than " + maxEventBytes + " bytes");
            }
            if (b != '\n' && b != '\r') {
                lineBytes.write(b);
                continue;
            }
            int terminatorLength = 1;
            if (b == '\r') {
                // Take the \n of a \r\n pair now if it is already here. Otherwise drop it when it arrives, so an
                // event is never held back waiting for one more byte.
                if (position < limit) {
                    if (buffer[position] == '\n') {
                        eventBytes.write(buffer[position++]);
                        terminatorLength = 2;
                    }
                } else {
                    skipLineFeed = true;
                }
            }
            SseEvent event = endLine(terminatorLength);
            if (event != null) {
                return event;
            }
        }
    }

    /** Drops a UTF-8 byte order mark at the very start of the stream, as the SSE specification requires. */
    private boolean skipByteOrderMark() throws IOException {
        while (limit - position < 3) {
            int read = input.read(buffer, limit, buffer.length - limit);
            if (read < 0) {
                return false;
            }
            limit += read;
        }
        if ((buffer[position] & 0xff) == 0xEF && (buffer[position + 1] & 0xff) == 0xBB
                && (buffer[position + 2] & 0xff) == 0xBF) {
            position += 3;
            return true;
        }
        return false;
    }

    private boolean fill() throws IOException {
        int read = input.read(buffer);
        if (read < 0) {
            return false;
        }
        position = 0;
        limit = read;
        return true;
    }

    private SseEvent endLine(int terminatorLength) {
        if (lineBytes.size() == 0) {
            // A blank line ends the event; one with nothing before it (a stray separator) is dropped.
            return eventBytes.size() > terminatorLength ? completeEvent() : discardBlank();
        }
        String line = lineBytes.toString(StandardCharsets.UTF_8);
        lineBytes.reset();
        field(line);
        return null;
    }

    private SseEvent discardBlank() {
        eventBytes.reset();
        return null;
    }

    private void field(String line) {
        if (line.startsWith(":")) {
            return;
        }
        int colon = line.indexOf(':');
        String name = colon < 0 ? line : line.substring(0, colon);
        String value = colon < 0 ? "" : line.substring(colon + 1);
        if (value.startsWith(" ")) {
            value = value.substring(1);
        }
        switch (name) {
            case "data" -> {
                if (sawData) {
                    data.append('\n');
                }
                data.append(value);
                sawData = true;
            }
            case "event" -> eventName = value;
            default -> {
                // id, retry and unknown fields are relayed in the raw bytes but not interpreted.
            }
        }
    }

    private SseEvent completeEvent() {
        SseEvent event = new SseEvent(eventBytes.toByteArray(), eventName, sawData ? data.toString() : null);
        eventBytes.reset();
        data.setLength(0);
        sawData = false;
        eventName = null;
        return event;
    }

    private SseEvent finishAtEndOfStream() {
        if (lineBytes.size() > 0) {
            // An unterminated last line is incomplete: the stream was cut inside an event.
            lineBytes.reset();
            eventBytes.reset();
            return null;
        }
        if (sawData || eventName != null) {
            // Complete lines but no blank line: the event was never finished, so it is not delivered.
            eventBytes.reset();
            data.setLength(0);
            sawData = false;
            eventName = null;
        }
        return null;
    }
}
