package io.sluice.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A response ready to be played on a connection: everything encoded to bytes up front, so that playing it only
 * waits and writes.
 *
 * @param shape what is written
 * @param status HTTP status for {@link Shape#FIXED} and {@link Shape#STREAM}
 * @param headers response headers without the framing headers, which the channel adds
 * @param body the body of a {@link Shape#FIXED} response
 * @param frames the events of a {@link Shape#STREAM} response
 * @param delayMillis wait before anything is written
 * @param end how the response ends
 * @param hangMillis longest hold for {@link EndMode#HANG}
 */
record Reply(
        Shape shape,
        int status,
        List<Header> headers,
        byte[] body,
        List<Frame> frames,
        long delayMillis,
        EndMode end,
        long hangMillis) {

    /** Creates a complete {@code Content-Length} response. */
    static Reply fixed(int status, List<Header> headers, byte[] body, long delayMillis) {
        return new Reply(Shape.FIXED, status, headers, body, List.of(), delayMillis, EndMode.NORMAL, 0);
    }

    /** Creates a chunked event stream that ends normally. */
    static Reply stream(int status, List<Header> headers, List<Frame> frames, long delayMillis) {
        return new Reply(Shape.STREAM, status, headers, new byte[0], frames, delayMillis, EndMode.NORMAL, 0);
    }

    /** Encodes a scripted response, raising {@link IllegalArgumentException} for a generated one. */
    static Reply of(ResponseSpec spec) {
        List<Header> headers = headersOf(spec.headers());
        int status = spec.status() == 0 ? 200 : spec.status();
        long delay = Math.max(0, spec.delayMillis());
        byte[] body = spec.body().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        List<Frame> frames = spec.events().stream().map(Frame::of).toList();
        Shape shape = switch (spec.kind()) {
            case FIXED -> Shape.FIXED;
            case STREAM -> Shape.STREAM;
            case RESET -> Shape.RESET;
            case SILENT -> Shape.SILENT;
            case GENERATED -> throw new IllegalArgumentException("a generated reply has no fixed encoding");
        };
        return new Reply(shape, status, headers, body, frames, delay, spec.end(), spec.hangMillis());
    }

    /** Returns a copy with extra headers. Each replaces a header of the same name, compared ignoring case. */
    Reply withHeaders(Map<String, String> extra) {
        if (extra.isEmpty()) {
            return this;
        }
        List<Header> merged = new ArrayList<>();
        for (Header header : headers) {
            if (extra.keySet().stream().noneMatch(name -> name.equalsIgnoreCase(header.name()))) {
                merged.add(header);
            }
        }
        merged.addAll(headersOf(extra));
        return new Reply(shape, status, merged, body, frames, delayMillis, end, hangMillis);
    }

    private static List<Header> headersOf(Map<String, String> map) {
        List<Header> headers = new ArrayList<>(map.size());
        map.forEach((name, value) -> headers.add(new Header(name, value)));
        return List.copyOf(headers);
    }

    /** Kind of output that a reply writes. */
    enum Shape {
        /** Status line, headers and a {@code Content-Length} body. */
        FIXED,
        /** Status line, headers and a chunked body of events. */
        STREAM,
        /** A TCP reset before any byte. */
        RESET,
        /** Nothing: the connection is held, then closed. */
        SILENT
    }

    /**
     * One encoded stream event.
     *
     * @param bytes the event's bytes, sent as one chunk
     * @param delayMillis wait before the event is written
     */
    record Frame(byte[] bytes, long delayMillis) {

        /** Encodes a scripted event. */
        static Frame of(SseEvent event) {
            return new Frame(event.encode(), event.delayMillis());
        }
    }
}
