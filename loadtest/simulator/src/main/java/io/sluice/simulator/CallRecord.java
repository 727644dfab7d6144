package io.sluice.simulator;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.LongStream;

/**
 * The live record of one call: the request, plus what the connection thread has sent so far. The connection
 * thread updates it while control-API readers take snapshots, so every access holds the lock.
 */
final class CallRecord {

    private final long seq;
    private final String method;
    private final String path;
    private final String query;
    private final Map<String, String> headers;
    private final String body;
    private final long receivedAtMillis;
    private final ReentrantLock lock = new ReentrantLock();
    private long[] eventTimes = new long[8];
    private int eventCount;
    private long peerClosedAtMillis = -1;
    private boolean completed;

    CallRecord(long seq, HttpRequest request, long receivedAtMillis) {
        this.seq = seq;
        this.method = request.method();
        this.path = request.path();
        this.query = request.query();
        this.headers = request.headers();
        this.body = request.bodyText();
        this.receivedAtMillis = receivedAtMillis;
    }

    /** Returns the raw request body decoded as UTF-8. */
    String body() {
        return body;
    }

    /** Returns the request path without the query. */
    String path() {
        return path;
    }

    /** Stores the time at which one more stream event was flushed. */
    void eventSent(long atMillis) {
        lock.lock();
        try {
            if (eventCount == eventTimes.length) {
                eventTimes = Arrays.copyOf(eventTimes, eventCount * 2);
            }
            eventTimes[eventCount++] = atMillis;
        } finally {
            lock.unlock();
        }
    }

    /** Stores the time at which the client went away. Later calls keep the first time. */
    void peerClosed(long atMillis) {
        lock.lock();
        try {
            if (peerClosedAtMillis < 0) {
                peerClosedAtMillis = atMillis;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Removes the send time stored last, for an event whose write failed. */
    void retractLastEvent() {
        lock.lock();
        try {
            if (eventCount > 0) {
                eventCount--;
            }
        } finally {
            lock.unlock();
        }
    }

    /** Sets whether the complete response has been sent. */
    void completed(boolean value) {
        lock.lock();
        try {
            completed = value;
        } finally {
            lock.unlock();
        }
    }

    /** Returns an immutable snapshot. */
    RecordedRequest snapshot() {
        lock.lock();
        try {
            List<Long> times = LongStream.of(eventTimes).limit(eventCount).boxed().toList();
            OptionalLong closed = peerClosedAtMillis < 0 ? OptionalLong.empty() : OptionalLong.of(peerClosedAtMillis);
            return new RecordedRequest(seq, method, path, query, headers, body, receivedAtMillis, times, closed,
                    completed);
        } finally {
            lock.unlock();
        }
    }
}
