package io.sluice.gateway.api;

import java.util.Objects;

/**
 * A request failure that Sluice reports to the client in the OpenAI error shape.
 *
 * <p>The message is sent to the client as is, so it must never contain a key, a prompt or an upstream address.
 */
public final class GatewayException extends RuntimeException {

    private final ErrorKind kind;
    private final String param;

    /** Creates a failure of the given kind, naming the request field at fault if there is one. */
    public GatewayException(ErrorKind kind, String message, String param) {
        super(Objects.requireNonNull(message, "message"), null, false, kind == ErrorKind.INTERNAL);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.param = param;
    }

    /** Creates a failure of the given kind that names no request field. */
    public GatewayException(ErrorKind kind, String message) {
        this(kind, message, (String) null);
    }

    /** Creates a failure of the given kind caused by another exception, kept for the server log only. */
    public GatewayException(ErrorKind kind, String message, Throwable cause) {
        super(Objects.requireNonNull(message, "message"), cause, false, true);
        this.kind = Objects.requireNonNull(kind, "kind");
        this.param = null;
    }

    /** Creates a 400 failure for one request field. */
    public static GatewayException invalid(String param, String message) {
        return new GatewayException(ErrorKind.INVALID_REQUEST, message, param);
    }

    /** Returns the kind, which fixes the status, type and code. */
    public ErrorKind kind() {
        return kind;
    }

    /** Returns the request field at fault, or {@code null}. */
    public String param() {
        return param;
    }

    /** Renders the OpenAI error body. */
    public byte[] body() {
        return ErrorBodies.openAi(getMessage(), kind.type(), param, kind.code());
    }
}
