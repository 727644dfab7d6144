package io.sluice.simulator;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads HTTP/1.1 requests from one connection through its own buffer.
 *
 * <p>The same buffer serves {@link #awaitPeerClose}: while a response is held, bytes that the client sends early
 * (a pipelined request) are kept for the next {@link #readRequest} call instead of being lost.
 */
final class RequestReader {

    /** Maximum wait in ms for the next byte once a request has started. */
    private static final int READ_TIMEOUT_MILLIS = 30_000;

    /** Maximum length of a line in a chunked body (chunk size and extensions, or a trailer field). */
    private static final int MAX_CHUNK_LINE = 8192;

    /** Maximum length of the request line. A longer one gets 414 rather than 431. */
    private static final int MAX_REQUEST_LINE = 16384;

    private final Socket socket;
    private final InputStream in;
    private final int maxHeaderBytes;
    private final long maxBodyBytes;
    private byte[] buffer = new byte[8192];
    private int start;
    private int end;

    RequestReader(Socket socket, int maxHeaderBytes, long maxBodyBytes) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxBodyBytes = maxBodyBytes;
    }

    /**
     * Reads the next request.
     *
     * @param idleTimeoutMillis maximum wait in ms for the first byte of the request
     * @param continueSender sends {@code 100 Continue} when the client expects it before the body
     * @return the request, or {@code null} when the client closed the connection or stayed idle too long
     * @throws HttpProtocolException when the request is malformed or too large
     * @throws IOException when the connection fails in the middle of a request
     */
    HttpRequest readRequest(int idleTimeoutMillis, ContinueSender continueSender) throws IOException {
        if (!awaitFirstByte(idleTimeoutMillis)) {
            return null;
        }
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        String requestLine = readRequestLine();
        String[] parts = requestLine.split(" ", -1);
        if (parts.length != 3 || !HttpSyntax.isToken(parts[0]) || parts[1].isEmpty()) {
            throw new HttpProtocolException(400, "invalid request line (expected: METHOD /path HTTP/1.1)");
        }
        boolean http10 = parseVersion(parts[2]);
        Map<String, String> headers = readHeaders(maxHeaderBytes - requestLine.length());
        String target = originForm(parts[1]);
        int question = target.indexOf('?');
        String path = question < 0 ? target : target.substring(0, question);
        String query = question < 0 ? "" : target.substring(question + 1);
        byte[] body = readBody(headers, continueSender);
        return new HttpRequest(parts[0], path, query, headers, body, keepAlive(headers, http10));
    }

    /** Sends the interim {@code 100 Continue} response. */
    @FunctionalInterface
    interface ContinueSender {
        /** Writes {@code HTTP/1.1 100 Continue}. */
        void sendContinue() throws IOException;
    }

    /**
     * Waits until the client closes or resets the connection, or the time passes. Bytes that arrive meanwhile
     * are kept for the next request.
     *
     * <p>NOTE: a client that only shuts down its sending side (a TCP half-close) while it still waits for the
     * response looks the same as one that left, so its response is dropped.
     *
     * @return whether the client closed the connection
     */
    boolean awaitPeerClose(long millis) {
        long deadline = System.nanoTime() + millis * 1_000_000;
        while (true) {
            long remaining = Math.ceilDiv(deadline - System.nanoTime(), 1_000_000L);
            if (remaining <= 0) {
                return false;
            }
            try {
                if (!makeRoom(maxHeaderBytes + MAX_CHUNK_LINE)) {
                    Thread.sleep(remaining);
                    return false;
                }
                socket.setSoTimeout((int) Math.min(remaining, Integer.MAX_VALUE));
                int read = in.read(buffer, end, buffer.length - end);
                if (read < 0) {
                    return true;
                }
                end += read;
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException e) {
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
        }
    }

    private boolean awaitFirstByte(int idleTimeoutMillis) throws IOException {
        while (true) {
            while (start < end && (buffer[start] == '\r' || buffer[start] == '\n')) {
                start++;
            }
            if (start < end) {
                return true;
            }
            socket.setSoTimeout(idleTimeoutMillis);
            try {
                if (!fill()) {
                    return false;
                }
            } catch (SocketTimeoutException e) {
                return false;
            }
        }
    }

    private String readRequestLine() throws IOException {
        String line = readLine(Math.min(MAX_REQUEST_LINE, maxHeaderBytes), StandardCharsets.ISO_8859_1);
        if (line == null) {
            throw new HttpProtocolException(414, "request line longer than " + MAX_REQUEST_LINE + " bytes");
        }
        return line;
    }

    private static boolean parseVersion(String version) {
        return switch (version) {
            case "HTTP/1.1" -> false;
            case "HTTP/1.0" -> true;
            default -> throw new HttpProtocolException(version.startsWith("HTTP/") ? 505 : 400,
                    "unsupported protocol version " + version);
        };
    }

    private static String originForm(String target) {
        if (target.startsWith("/")) {
            return target;
        }
        int scheme = target.indexOf("://");
        if (scheme > 0) {
            int slash = target.indexOf('/', scheme + 3);
            return slash < 0 ? "/" : target.substring(slash);
        }
        throw new HttpProtocolException(400, "invalid request target (expected: a path starting with /)");
    }

    private Map<String, String> readHeaders(int budget) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        int left = budget;
        while (true) {
            String line = readLine(left, StandardCharsets.UTF_8);
            if (line == null) {
                throw new HttpProtocolException(431, "request head larger than " + maxHeaderBytes + " bytes");
            }
            left -= line.length() + 2;
            if (line.isEmpty()) {
                return headers;
            }
            addHeader(headers, line);
        }
    }

    private static void addHeader(Map<String, String> headers, String line) {
        int colon = line.indexOf(':');
        if (colon <= 0 || !HttpSyntax.isToken(line.substring(0, colon))) {
            throw new HttpProtocolException(400, "invalid header line (expected: name: value)");
        }
        String name = line.substring(0, colon).toLowerCase(Locale.ROOT);
        String value = line.substring(colon + 1).strip();
        headers.merge(name, value, (earlier, later) -> earlier + ", " + later);
    }

    private static boolean keepAlive(Map<String, String> headers, boolean http10) {
        String connection = headers.getOrDefault("connection", "").toLowerCase(Locale.ROOT);
        if (http10) {
            return connection.contains("keep-alive");
        }
        return !connection.contains("close");
    }

    private byte[] readBody(Map<String, String> headers, ContinueSender continueSender) throws IOException {
        String transferEncoding = headers.get("transfer-encoding");
        String contentLength = headers.get("content-length");
        if (transferEncoding != null && contentLength != null) {
            throw new HttpProtocolException(400, "both Transfer-Encoding and Content-Length are set");
        }
        if (transferEncoding != null) {
            if (!transferEncoding.equalsIgnoreCase("chunked")) {
                throw new HttpProtocolException(501, "unsupported Transfer-Encoding: " + transferEncoding);
            }
            sendContinueIfExpected(headers, continueSender);
            return readChunkedBody();
        }
        if (contentLength == null) {
            return new byte[0];
        }
        long length = parseContentLength(contentLength);
        if (length > maxBodyBytes) {
            throw new HttpProtocolException(413, "request body larger than " + maxBodyBytes + " bytes");
        }
        if (length > 0) {
            sendContinueIfExpected(headers, continueSender);
        }
        byte[] body = new byte[(int) length];
        readFully(body, 0, body.length);
        return body;
    }

    private static void sendContinueIfExpected(Map<String, String> headers, ContinueSender sender)
            throws IOException {
        if ("100-continue".equalsIgnoreCase(headers.get("expect"))) {
            sender.sendContinue();
        }
    }

    private static long parseContentLength(String value) {
        String first = null;
        for (String part : value.split(",")) {
            String trimmed = part.strip();
            if (trimmed.isEmpty() || trimmed.length() > 18 || !trimmed.chars().allMatch(Character::isDigit)) {
                throw new HttpProtocolException(400, "invalid Content-Length: " + value);
            }
            if (first != null && !first.equals(trimmed)) {
                throw new HttpProtocolException(400, "conflicting Content-Length values: " + value);
            }
            first = trimmed;
        }
        return Long.parseLong(first);
    }

    private byte[] readChunkedBody() throws IOException {
        byte[] body = new byte[Math.min(8192, (int) Math.min(maxBodyBytes, Integer.MAX_VALUE))];
        int length = 0;
        while (true) {
            long size = parseChunkSize(readChunkLine());
            if (size == 0) {
                skipTrailers();
                return Arrays.copyOf(body, length);
            }
            if (length + size > maxBodyBytes) {
                throw new HttpProtocolException(413, "request body larger than " + maxBodyBytes + " bytes");
            }
            if (length + size > body.length) {
                body = Arrays.copyOf(body, (int) Math.max(length + size, Math.min(maxBodyBytes, 2L * body.length)));
            }
            readFully(body, length, (int) size);
            length += (int) size;
            if (!readChunkLine().isEmpty()) {
                throw new HttpProtocolException(400, "chunk data longer than its size");
            }
        }
    }

    private String readChunkLine() throws IOException {
        String line = readLine(MAX_CHUNK_LINE, StandardCharsets.ISO_8859_1);
        if (line == null) {
            throw new HttpProtocolException(400, "chunk line longer than " + MAX_CHUNK_LINE + " bytes");
        }
        return line;
    }

    private static long parseChunkSize(String line) {
        int semicolon = line.indexOf(';');
        String hex = (semicolon < 0 ? line : line.substring(0, semicolon)).strip();
        if (hex.isEmpty() || hex.length() > 15) {
            throw new HttpProtocolException(400, "invalid chunk size: " + line);
        }
        try {
            return Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
            throw new HttpProtocolException(400, "invalid chunk size: " + line);
        }
    }

    private void skipTrailers() throws IOException {
        int left = maxHeaderBytes;
        while (true) {
            String line = readLine(Math.min(left, MAX_CHUNK_LINE), StandardCharsets.ISO_8859_1);
            if (line == null) {
                throw new HttpProtocolException(431, "trailer section larger than " + maxHeaderBytes + " bytes");
            }
            if (line.isEmpty()) {
                return;
            }
            left -= line.length() + 2;
        }
    }

    /** Reads one line ending in LF (with an optional CR before it), or returns null if it exceeds maxLength. */
    private String readLine(int maxLength, Charset charset) throws IOException {
        int scanned = 0;
        while (true) {
            for (int i = start + scanned; i < end; i++) {
                if (buffer[i] == '\n') {
                    int lineEnd = i > start && buffer[i - 1] == '\r' ? i - 1 : i;
                    if (lineEnd - start > maxLength) {
                        return null;
                    }
                    String line = new String(buffer, start, lineEnd - start, charset);
                    start = i + 1;
                    return line;
                }
            }
            scanned = end - start;
            if (scanned > maxLength + 1) {
                return null;
            }
            if (!makeRoom(maxLength + 2) || !fill()) {
                throw new EOFException("connection closed in the middle of a request");
            }
        }
    }

    private void readFully(byte[] target, int offset, int length) throws IOException {
        int buffered = Math.min(length, end - start);
        System.arraycopy(buffer, start, target, offset, buffered);
        start += buffered;
        int done = buffered;
        while (done < length) {
            int read = in.read(target, offset + done, length - done);
            if (read < 0) {
                throw new EOFException("connection closed in the middle of a request body");
            }
            done += read;
        }
    }

    /** Reads more bytes into the buffer, returning false at end of stream. */
    private boolean fill() throws IOException {
        makeRoom(buffer.length);
        int read = in.read(buffer, end, buffer.length - end);
        if (read < 0) {
            return false;
        }
        end += read;
        return true;
    }

    /**
     * Moves unread bytes to the front of the buffer, or grows it up to {@code maxSize}, so that at least one byte
     * can be read. Returns false when the buffer is full and may not grow.
     */
    private boolean makeRoom(int maxSize) {
        if (end < buffer.length) {
            return true;
        }
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
            return true;
        }
        if (buffer.length >= maxSize) {
            return false;
        }
        buffer = Arrays.copyOf(buffer, Math.min(maxSize, buffer.length * 2));
        return true;
    }
}
