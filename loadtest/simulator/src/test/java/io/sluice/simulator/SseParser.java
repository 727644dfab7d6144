package io.sluice.simulator;

import java.util.ArrayList;
import java.util.List;

/**
 * A strict server-sent-events parser for tests: events are separated by exactly one blank line, lines end in
 * LF only, every line is {@code event: <name>} or {@code data: <payload>}, each event has exactly one
 * {@code data} line, and the body ends right after the last blank line.
 */
final class SseParser {

    private SseParser() {
    }

    /** One parsed event; {@code name} is empty for a data-only event. */
    record Event(String name, String data) {
    }

    /** Parses a whole stream body, throwing {@link IllegalArgumentException} at the first framing error. */
    static List<Event> parse(String body) {
        if (body.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("stream contains a carriage return");
        }
        if (!body.endsWith("\n\n")) {
            throw new IllegalArgumentException("stream does not end with a blank line: ..." + tail(body));
        }
        List<Event> events = new ArrayList<>();
        String content = body.substring(0, body.length() - 2);
        for (String block : content.split("\n\n", -1)) {
            events.add(parseEvent(block));
        }
        return events;
    }

    private static Event parseEvent(String block) {
        if (block.isEmpty()) {
            throw new IllegalArgumentException("empty event (two blank lines in a row)");
        }
        String name = "";
        String data = null;
        for (String line : block.split("\n", -1)) {
            if (line.startsWith("event: ") && data == null && name.isEmpty()) {
                name = line.substring(7);
            } else if (line.startsWith("data: ") && data == null) {
                data = line.substring(6);
            } else {
                throw new IllegalArgumentException("unexpected line in event: " + line);
            }
        }
        if (data == null) {
            throw new IllegalArgumentException("event without data: " + block);
        }
        return new Event(name, data);
    }

    private static String tail(String body) {
        return body.substring(Math.max(0, body.length() - 40));
    }
}
