package io.sluice.gateway.auth;

import io.sluice.gateway.api.ErrorKind;
import io.sluice.gateway.api.GatewayException;
import io.sluice.gateway.config.Hashing;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * Finds the client key in a request and resolves it through a {@link KeyStore}.
 *
 * <p>Accepted headers, in this order: {@code Authorization: Bearer <key>} (OpenAI SDKs), {@code api-key}
 * (Azure OpenAI style) and {@code x-api-key} (Anthropic style). The secret is hashed at once and never kept,
 * logged or forwarded.
 */
public final class Authenticator {

    private static final String BEARER = "bearer ";

    private final KeyStore keys;

    /** Creates an authenticator over a key store. */
    public Authenticator(KeyStore keys) {
        this.keys = Objects.requireNonNull(keys, "keys");
    }

    /**
     * Authenticates a request.
     *
     * @param header returns the value of a request header by lowercase name, or {@code null}
     * @throws GatewayException with {@link ErrorKind#INVALID_API_KEY} when no key is given or it is unknown
     */
    public ClientKey authenticate(Function<String, String> header) {
        String secret = presentedSecret(header);
        if (secret == null) {
            throw new GatewayException(ErrorKind.INVALID_API_KEY,
                    "Missing API key. Send it as 'Authorization: Bearer <key>', 'api-key' or 'x-api-key'.");
        }
        return keys.findBySha256(Hashing.sha256Hex(secret))
                .orElseThrow(() -> new GatewayException(ErrorKind.INVALID_API_KEY,
                        "Incorrect API key provided: " + masked(secret) + "."));
    }

    private static String presentedSecret(Function<String, String> header) {
        String authorization = header.apply("authorization");
        if (authorization != null) {
            String value = authorization.strip();
            if (value.length() > BEARER.length() && value.substring(0, BEARER.length()).toLowerCase(Locale.ROOT)
                    .equals(BEARER)) {
                return nonBlank(value.substring(BEARER.length()).strip());
            }
            throw new GatewayException(ErrorKind.INVALID_API_KEY,
                    "Unsupported Authorization scheme; send 'Authorization: Bearer <key>'.");
        }
        String azure = nonBlank(header.apply("api-key"));
        return azure != null ? azure : nonBlank(header.apply("x-api-key"));
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** Shows only the last four characters of a secret, as OpenAI does in its own error message. */
    static String masked(String secret) {
        return secret.length() <= 8 ? "****" : "****" + secret.substring(secret.length() - 4);
    }
}
