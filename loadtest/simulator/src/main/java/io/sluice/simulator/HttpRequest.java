package io.sluice.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * One parsed HTTP/1.1 request.
 *
 * @param method request method
 * @param path path of the request target, without the query
 * @param query raw query string without the {@code ?}, or empty
 * @param headers headers by lower-case name in arrival order, with repeated headers joined by {@code ", "}
 * @param body the body after removing any chunked transfer coding
 * @param keepAlive whether the connection may carry another request after this one
 */
record HttpRequest(
        String method, String path, String query, Map<String, String> headers, byte[] body, boolean keepAlive) {

    /** Returns a header by its lower-case name. */
    Optional<String> header(String lowerCaseName) {
        return Optional.ofNullable(headers.get(lowerCaseName));
    }

    /** Returns the body decoded as UTF-8, with U+FFFD in place of malformed sequences. */
    String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
