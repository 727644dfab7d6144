package io.sluice.simulator;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Writes responses on one connection, one socket write per head, body or stream event.
 *
 * <p>When the client goes away (a failed write, or end of stream seen while {@linkplain #hold holding}), the
 * channel stores the time in the current call's record, closes the socket, and every later operation returns
 * false, so the caller can stop at once and free the thread.
 */
final class ResponseChannel {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int SCRATCH_KEEP_BYTES = 1 << 20;

    private final Socket socket;
    private final OutputStream out;
    private final RequestReader reader;
    private byte[] scratch = new byte[8192];
    private int length;
    private CallRecord record;
    private boolean keepAlive;
    private boolean open = true;

    ResponseChannel(Socket socket, RequestReader reader) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.reader = reader;
    }

    /** Prepares the channel for the response to the next request; {@code record} is null for control calls. */
    void begin(boolean keepAlive, CallRecord record) {
        this.keepAlive = keepAlive;
        this.record = record;
    }

    /** Returns whether the connection can carry another request. */
    boolean reusable() {
        return open && keepAlive;
    }

    /**
     * Waits for the given time while watching for the client to close the connection.
     *
     * @return whether the client is still connected
     */
    boolean hold(long millis) {
        if (!open || millis <= 0) {
            return open;
        }
        if (reader.awaitPeerClose(millis)) {
            peerGone();
        }
        return open;
    }

    /** Writes a complete response with a {@code Content-Length} body. */
    boolean sendFixed(int status, List<Header> headers, byte[] body) {
        length = 0;
        appendHead(status, headers, body.length);
        append(body, 0, body.length);
        return flushScratch(true);
    }

    /** Writes the head of a {@code Content-Length} response and only the first {@code bytesToWrite} body bytes. */
    boolean sendTruncated(int status, List<Header> headers, byte[] body, int bytesToWrite) {
        length = 0;
        appendHead(status, headers, body.length);
        append(body, 0, bytesToWrite);
        return flushScratch(false);
    }

    /** Writes the head of a chunked response. */
    boolean sendStreamHead(int status, List<Header> headers) {
        length = 0;
        appendHead(status, headers, -1);
        return flushScratch(false);
    }

    /**
     * Writes one chunk and stores its send time in the call's record. The time is stored just before the write,
     * so that a client that reads the event and then requests the record finds it. A failed write removes it.
     */
    boolean sendChunk(byte[] data) {
        if (data.length == 0) {
            return open;
        }
        length = 0;
        append(Integer.toHexString(data.length).getBytes(StandardCharsets.US_ASCII));
        append(CRLF);
        append(data);
        append(CRLF);
        if (record != null) {
            record.eventSent(System.currentTimeMillis());
        }
        boolean sent = flushScratch(false);
        if (!sent && record != null) {
            record.retractLastEvent();
        }
        return sent;
    }

    /** Writes the terminating chunk of a chunked response. */
    boolean sendLastChunk() {
        length = 0;
        append(LAST_CHUNK);
        return flushScratch(true);
    }

    /** Writes {@code 100 Continue} before the request body is read. */
    void sendContinue() throws IOException {
        out.write(CONTINUE);
    }

    /** Resets the connection: the client sees a TCP RST instead of a close. */
    void reset() {
        if (!open) {
            return;
        }
        open = false;
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // The socket is unusable already, so closing it below is all that is left to do.
        }
        closeSocket();
    }

    /** Closes the connection normally. */
    void close() {
        open = false;
        closeSocket();
    }

    private void appendHead(int status, List<Header> headers, long contentLength) {
        StringBuilder head = new StringBuilder(256);
        head.append("HTTP/1.1 ").append(status).append(' ').append(HttpSyntax.reasonPhrase(status)).append("\r\n");
        boolean connectionSet = false;
        for (Header header : headers) {
            head.append(header.name()).append(": ").append(header.value()).append("\r\n");
            if (header.name().equalsIgnoreCase("connection")) {
                connectionSet = true;
                keepAlive &= !header.value().toLowerCase(Locale.ROOT).contains("close");
            }
        }
        if (contentLength > 0 || contentLength == 0 && mayHaveContent(status)) {
            head.append("Content-Length: ").append(contentLength).append("\r\n");
        } else if (contentLength < 0) {
            head.append("Transfer-Encoding: chunked\r\n");
        }
        if (!keepAlive && !connectionSet) {
            head.append("Connection: close\r\n");
        }
        head.append("\r\n");
        append(head.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** Returns false for 1xx and 204, which have no content and therefore send no {@code Content-Length}. */
    private static boolean mayHaveContent(int status) {
        return status >= 200 && status != 204;
    }

    private void append(byte[] bytes) {
        append(bytes, 0, bytes.length);
    }

    private void append(byte[] bytes, int offset, int count) {
        if (length + count > scratch.length) {
            scratch = Arrays.copyOf(scratch, Math.max(length + count, scratch.length * 2));
        }
        System.arraycopy(bytes, offset, scratch, length, count);
        length += count;
    }

    /**
     * Writes the assembled bytes in one call. When {@code completesResponse} is set, the call's record is marked
     * complete before the write, so that a client that reads the response and then requests the record at once
     * finds it complete. A failed write clears the mark.
     */
    private boolean flushScratch(boolean completesResponse) {
        if (!open) {
            return false;
        }
        if (completesResponse && record != null) {
            record.completed(true);
        }
        try {
            out.write(scratch, 0, length);
        } catch (IOException e) {
            if (completesResponse && record != null) {
                record.completed(false);
            }
            peerGone();
        }
        if (scratch.length > SCRATCH_KEEP_BYTES) {
            scratch = new byte[8192];
        }
        return open;
    }

    private void peerGone() {
        if (open && record != null && !socket.isClosed()) {
            record.peerClosed(System.currentTimeMillis());
        }
        open = false;
        closeSocket();
    }

    private void closeSocket() {
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing more can be done with a socket that fails to close.
        }
    }
}
