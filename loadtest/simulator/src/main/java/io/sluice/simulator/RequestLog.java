package io.sluice.simulator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The calls received, in arrival order. When more than {@code capacity} calls are stored, the oldest are dropped,
 * so a long load test does not fill the heap. Counts then cover only the calls still stored.
 */
final class RequestLog {

    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<CallRecord> calls = new ArrayDeque<>();
    private long lastSeq;

    RequestLog(int capacity) {
        this.capacity = capacity;
    }

    /** Stores a new call and returns its live record. */
    CallRecord add(HttpRequest request, long receivedAtMillis) {
        lock.lock();
        try {
            CallRecord record = new CallRecord(++lastSeq, request, receivedAtMillis);
            calls.addLast(record);
            if (calls.size() > capacity) {
                calls.removeFirst();
            }
            return record;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Returns snapshots of the stored calls whose body contains {@code match} and whose path equals {@code path};
     * an empty {@code match} or {@code path} matches every call.
     */
    List<RecordedRequest> find(String match, String path) {
        List<RecordedRequest> found = new ArrayList<>();
        for (CallRecord record : matching(match, path)) {
            found.add(record.snapshot());
        }
        return found;
    }

    /** Counts the stored calls that {@link #find} would return. */
    int count(String match, String path) {
        return matching(match, path).size();
    }

    /** Drops every stored call and returns how many there were. Arrival numbers keep increasing. */
    int clear() {
        lock.lock();
        try {
            int size = calls.size();
            calls.clear();
            return size;
        } finally {
            lock.unlock();
        }
    }

    private List<CallRecord> matching(String match, String path) {
        List<CallRecord> all;
        lock.lock();
        try {
            all = new ArrayList<>(calls);
        } finally {
            lock.unlock();
        }
        List<CallRecord> found = new ArrayList<>();
        for (CallRecord record : all) {
            if ((path.isEmpty() || record.path().equals(path)) && record.body().contains(match)) {
                found.add(record);
            }
        }
        return found;
    }
}
