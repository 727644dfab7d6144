package io.sluice.gateway.it;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Collects the lines of the {@code sluice.access} logger. Attach it after the node starts, because starting a
 * node may reset the logging configuration.
 */
final class AccessLogCapture extends Handler implements AutoCloseable {

    /** Held strongly: java.util.logging keeps loggers only weakly, and a collected one loses its handlers. */
    private static final Logger ACCESS_LOGGER = Logger.getLogger("sluice.access");

    private final List<String> lines = new CopyOnWriteArrayList<>();

    private AccessLogCapture() {
    }

    static AccessLogCapture attach() {
        AccessLogCapture capture = new AccessLogCapture();
        ACCESS_LOGGER.addHandler(capture);
        return capture;
    }

    int size() {
        return lines.size();
    }

    /** Waits for the line of a request id; a line is written just after its response completes. */
    JsonNode lineOf(String requestId) throws InterruptedException {
        return Sse.json(await(line -> line.contains(requestId), "no access log line for " + requestId));
    }

    /** Waits for the first line after {@code seen} lines. */
    JsonNode lineAfter(int seen) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
        while (System.nanoTime() < deadline) {
            if (lines.size() > seen) {
                return Sse.json(lines.get(seen));
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no request ended within 8 s");
    }

    private String await(java.util.function.Predicate<String> match, String failure) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(8).toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : lines) {
                if (match.test(line)) {
                    return line;
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError(failure);
    }

    @Override
    public void publish(LogRecord record) {
        lines.add(record.getMessage());
    }

    @Override
    public void flush() {
    }

    @Override
    public void close() {
        ACCESS_LOGGER.removeHandler(this);
    }
}
