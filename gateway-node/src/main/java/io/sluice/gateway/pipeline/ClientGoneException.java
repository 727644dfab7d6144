package io.sluice.gateway.pipeline;

/** Thrown by {@link ClientChannel} when a write fails because the client closed its connection. */
public final class ClientGoneException extends RuntimeException {

    /** Wraps the write failure. */
    public ClientGoneException(Throwable cause) {
        super("client closed the connection", cause, false, false);
    }
}
