package io.sluice.simulator;

/**
 * Error for a request that breaks HTTP/1.1 framing or a size limit. The server responds with its status and closes
 * the connection.
 */
final class HttpProtocolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;

    HttpProtocolException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    /** Returns the HTTP status of the error response. */
    int status() {
        return status;
    }
}
