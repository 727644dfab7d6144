package io.sluice.simulator;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The optional credential check. With an expected key, OpenAI paths need {@code Authorization: Bearer <key>}
 * and {@code /v1/messages} needs {@code x-api-key: <key>} plus an {@code anthropic-version} header. Without one,
 * every request passes.
 */
final class Credentials {

    private final byte[] expectedKey;

    /** Creates the check, which an empty key disables. */
    Credentials(String expectedKey) {
        this.expectedKey = expectedKey.getBytes(StandardCharsets.UTF_8);
    }

    /** Returns the error reply for a request that fails the check, or empty when it passes. */
    Optional<Reply> reject(HttpRequest request) {
        if (expectedKey.length == 0) {
            return Optional.empty();
        }
        if (request.path().equals("/v1/messages") || request.path().startsWith("/v1/messages/")) {
            return rejectAnthropic(request);
        }
        String authorization = request.header("authorization").orElse("");
        if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7) || !matches(authorization.substring(7))) {
            return Optional.of(ErrorReplies.openAi(401, "invalid_request_error",
                    "Incorrect API key provided.", null, "invalid_api_key"));
        }
        return Optional.empty();
    }

    private Optional<Reply> rejectAnthropic(HttpRequest request) {
        if (!matches(request.header("x-api-key").orElse(""))) {
            return Optional.of(ErrorReplies.anthropic(401, "authentication_error", "invalid x-api-key"));
        }
        if (request.header("anthropic-version").isEmpty()) {
            return Optional.of(ErrorReplies.anthropic(400, "invalid_request_error",
                    "anthropic-version: header is required"));
        }
        return Optional.empty();
    }

    private boolean matches(String presented) {
        return MessageDigest.isEqual(expectedKey, presented.strip().getBytes(StandardCharsets.UTF_8));
    }
}
