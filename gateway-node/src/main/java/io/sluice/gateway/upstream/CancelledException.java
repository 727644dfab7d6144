package io.sluice.gateway.upstream;

/** Thrown when a request stops because its {@link Cancellation} fired. */
public final class CancelledException extends RuntimeException {

    private final Cancellation.Reason reason;

    /** Creates the exception for a cancellation reason. */
    public CancelledException(Cancellation.Reason reason) {
        super("request cancelled: " + reason, null, false, false);
        this.reason = reason;
    }

    /** Returns why the request was cancelled. */
    public Cancellation.Reason reason() {
        return reason;
    }
}
