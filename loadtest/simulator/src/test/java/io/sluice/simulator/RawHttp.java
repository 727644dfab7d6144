package io.sluice.simulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A raw-socket HTTP/1.1 client for tests that need to see framing: chunk boundaries, a body cut off by a reset,
 * or several requests on one connection.
 */
final class RawHttp implements AutoCloseable {

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;

    RawHttp(int port) throws IOException {
        socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(10_000);
        in = socket.getInputStream();
        out = socket.getOutputStream();
    }

    /** A response as read from the wire; {@code chunkArrivalNanos} has the arrival time of each chunk. */
    record Response(
            int status,
            Map<String, String> headers,
            byte[] body,
            List<String> chunks,
            List<Long> chunkArrivalNanos,
            boolean complete,
            String failure) {

        /** Returns the body as UTF-8 text. */
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        /** Returns a header by lower-case name, or null. */
        String header(String name) {
            return headers.get(name);
        }
    }

    /** Returns the socket, for tests that close or reset it themselves. */
    Socket socket() {
        return socket;
    }

    /** Writes raw bytes. */
    void send(String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** Writes a POST with a JSON body and {@code Content-Length}. */
    void post(String path, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        send("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n" + json);
    }

    /**
     * Reads one response. A connection that ends or fails before the response is complete gives a response with
     * {@code complete == false} and the error in {@code failure}, instead of an exception.
     */
    Response read() throws IOException {
        String statusLine = readLine();
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1).strip());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        List<String> chunks = new ArrayList<>();
        List<Long> arrivals = new ArrayList<>();
        try {
            if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                readChunks(body, chunks, arrivals);
            } else {
                int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
                readExactly(body, length);
            }
            return new Response(status, headers, body.toByteArray(), chunks, arrivals, true, "");
        } catch (IOException e) {
            return new Response(status, headers, body.toByteArray(), chunks, arrivals, false, e.toString());
        }
    }

    private void readChunks(ByteArrayOutputStream body, List<String> chunks, List<Long> arrivals)
            throws IOException {
        while (true) {
            int size = Integer.parseInt(readLine().strip(), 16);
            if (size == 0) {
                if (!readLine().isEmpty()) {
                    throw new IOException("trailer after the last chunk");
                }
                return;
            }
            arrivals.add(System.nanoTime());
            ByteArrayOutputStream chunk = new ByteArrayOutputStream();
            readExactly(chunk, size);
            chunks.add(chunk.toString(StandardCharsets.UTF_8));
            chunk.writeTo(body);
            if (!readLine().isEmpty()) {
                throw new IOException("chunk longer than its size");
            }
        }
    }

    private void readExactly(ByteArrayOutputStream target, int length) throws IOException {
        byte[] buffer = new byte[8192];
        int left = length;
        while (left > 0) {
            int read = in.read(buffer, 0, Math.min(buffer.length, left));
            if (read < 0) {
                throw new IOException("connection closed with " + left + " body bytes missing");
            }
            target.write(buffer, 0, read);
            left -= read;
        }
    }

    /** Reads one CRLF-terminated line, failing on end of stream. */
    String readLine() throws IOException {
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed in the middle of a line: " + line);
            }
            if (b == '\n') {
                if (line.isEmpty() || line.charAt(line.length() - 1) != '\r') {
                    throw new IOException("line not terminated by CRLF: " + line);
                }
                return line.substring(0, line.length() - 1);
            }
            line.append((char) b);
        }
    }

    /** Returns whether the server closed the connection, waiting up to the given time for the end of stream. */
    boolean closedByServer(int timeoutMillis) throws IOException {
        socket.setSoTimeout(timeoutMillis);
        try {
            return in.read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
