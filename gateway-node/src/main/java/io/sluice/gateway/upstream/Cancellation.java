package io.sluice.gateway.upstream;

import java.util.concurrent.locks.ReentrantLock;

/**
 * Stops one request's upstream call when the client leaves or the request deadline passes.
 *
 * <p>While the handler thread waits for the upstream's status line it is interrupted, which aborts the
 * blocked socket read. Once an upstream response is open it is closed instead: closing the response closes
 * the upstream socket at once. When the deadline passes the thread is interrupted as well, which also ends a
 * write blocked on a client that stopped reading. Only the first reason is kept, and nothing happens after
 * {@link #finish()}.
 */
public final class Cancellation {

    /** The reason a request was stopped. */
    public enum Reason {
        /** The client closed its connection. */
        CLIENT_CLOSED,
        /** The whole-request deadline passed. */
        DEADLINE
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Thread owner;
    private volatile Reason reason;
    private AutoCloseable openResponse;
    private boolean awaitingUpstream;
    private boolean finished;

    /** Creates a cancellation owned by the current thread. */
    public Cancellation() {
        this.owner = Thread.currentThread();
    }

    /** Returns the reason the request was cancelled, or {@code null} while it is still running. */
    public Reason reason() {
        return reason;
    }

    /** Tells whether the request was cancelled. */
    public boolean isCancelled() {
        return reason != null;
    }

    /** Cancels the request; later calls keep the first reason. */
    public void cancel(Reason cause) {
        lock.lock();
        try {
            if (reason != null || finished) {
                return;
            }
            reason = cause;
            if (openResponse != null) {
                closeQuietly(openResponse);
            }
            // Past the deadline the owner may also be stuck writing to a client that stopped reading; an
            // interrupt closes that socket too.
            if (awaitingUpstream || cause == Reason.DEADLINE) {
                owner.interrupt();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Marks the request as over; later cancellations do nothing, and an interrupt sent before is cleared.
     * The owner calls this before its thread moves on to other work.
     */
    public void finish() {
        lock.lock();
        try {
            finished = true;
            Thread.interrupted();
        } finally {
            lock.unlock();
        }
    }

    /** Marks the start of a blocking wait for the upstream; returns {@code false} if already cancelled. */
    boolean beginUpstreamWait() {
        lock.lock();
        try {
            awaitingUpstream = reason == null;
            return awaitingUpstream;
        } finally {
            lock.unlock();
        }
    }

    /** Marks the end of the wait and clears an interrupt that {@link #cancel} may have sent meanwhile. */
    void endUpstreamWait() {
        lock.lock();
        try {
            awaitingUpstream = false;
            Thread.interrupted();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Registers the open upstream response so that a cancellation closes it.
     *
     * @return {@code false} if the request was cancelled already; the caller then closes the response itself
     */
    boolean attach(AutoCloseable response) {
        lock.lock();
        try {
            if (reason != null) {
                return false;
            }
            openResponse = response;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Forgets the upstream response once it has been fully read and closed. */
    void detach() {
        lock.lock();
        try {
            openResponse = null;
        } finally {
            lock.unlock();
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // The response is being abandoned; a failure to close it changes nothing for the client.
        }
    }
}
