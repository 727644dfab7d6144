package io.sluice.gateway.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.gateway.api.GatewayException;
import io.sluice.gateway.config.CacheMode;
import io.sluice.gateway.config.Durations;
import io.sluice.gateway.config.GatewayConfig.CacheSettings;
import io.sluice.gateway.routing.Route;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Decides, from the alias policy and the request headers, whether a request may be served from and stored in
 * the response cache.
 *
 * <p>Request headers:
 * <ul>
 *   <li>{@code x-sluice-cache-mode: auto | on | off}: {@code auto} (the default) follows the alias's mode;
 *       {@code on} opts a request in whatever its temperature; {@code off} keeps the cache out.
 *       An alias in mode {@code never} ignores {@code on}.</li>
 *   <li>{@code Cache-Control: no-cache} skips the lookup but stores the fresh response (a refresh);
 *       {@code no-store} may be served from the cache but stores nothing.</li>
 *   <li>{@code x-sluice-cache-ttl}: entry TTL for this request, such as {@code 300} (seconds) or {@code 5m},
 *       at most {@code cache.max-ttl}.</li>
 *   <li>{@code x-sluice-cache-namespace}: a string of up to 128 printable characters that becomes part of the
 *       key, so a client can version its entries and purge them together.</li>
 * </ul>
 * In mode {@code deterministic} only requests with {@code temperature} explicitly 0 qualify: a missing
 * temperature means the OpenAI default of 1.
 */
public final class CachePolicy {

    /** Request header that opts a request in or out. */
    public static final String MODE_HEADER = "x-sluice-cache-mode";
    /** Request header that sets the entry TTL. */
    public static final String TTL_HEADER = "x-sluice-cache-ttl";
    /** Request header that sets the namespace. */
    public static final String NAMESPACE_HEADER = "x-sluice-cache-namespace";

    private static final Pattern NAMESPACE = Pattern.compile("[\\x21-\\x7e]{1,128}");

    private final CacheSettings settings;

    /** Creates the policy with the node's cache settings. */
    public CachePolicy(CacheSettings settings) {
        this.settings = settings;
    }

    /**
     * Decides the directives for a request.
     *
     * @param deterministic whether the request expects repeatable output: {@code temperature} 0 for
     *                      generations, always for embeddings
     * @param header        returns a request header by lowercase name, or {@code null}
     * @throws GatewayException for a cache header with an invalid value
     */
    public CacheDirectives decide(Route route, boolean deterministic, Function<String, String> header) {
        String mode = normalized(header.apply(MODE_HEADER), "auto");
        if (!mode.equals("auto") && !mode.equals("on") && !mode.equals("off")) {
            throw GatewayException.invalid(MODE_HEADER,
                    "Invalid '" + MODE_HEADER + "' header: " + mode + " (expected: auto, on or off).");
        }
        Duration ttl = ttl(route, header.apply(TTL_HEADER));
        String namespace = namespace(header.apply(NAMESPACE_HEADER));
        if (!settings.enabled() || route.cacheMode() == CacheMode.NEVER || mode.equals("off")) {
            return CacheDirectives.bypass();
        }
        if (mode.equals("auto") && route.cacheMode() == CacheMode.DETERMINISTIC && !deterministic) {
            return CacheDirectives.bypass();
        }
        String cacheControl = normalized(header.apply("cache-control"), "");
        boolean lookup = !hasDirective(cacheControl, "no-cache");
        boolean store = !hasDirective(cacheControl, "no-store");
        return new CacheDirectives(lookup, store, ttl, namespace);
    }

    private Duration ttl(Route route, String requested) {
        Duration fallback = route.cacheTtl().orElse(settings.defaultTtl());
        if (requested == null || requested.isBlank()) {
            return fallback;
        }
        String rule = "a duration from 1s to " + settings.maxTtl().toSeconds() + "s, such as 300 or 5m";
        try {
            Duration ttl = Durations.parse(requested);
            if (ttl.toSeconds() < 1 || ttl.compareTo(settings.maxTtl()) > 0) {
                throw GatewayException.invalid(TTL_HEADER,
                        "Invalid '" + TTL_HEADER + "' header: " + requested.strip() + " (expected: " + rule + ").");
            }
            return ttl;
        } catch (IllegalArgumentException | java.time.format.DateTimeParseException e) {
            throw GatewayException.invalid(TTL_HEADER,
                    "Invalid '" + TTL_HEADER + "' header: " + shortened(requested) + " (expected: " + rule + ").");
        }
    }

    private static String namespace(String requested) {
        if (requested == null) {
            return "";
        }
        String namespace = requested.strip();
        if (!NAMESPACE.matcher(namespace).matches()) {
            throw GatewayException.invalid(NAMESPACE_HEADER, "Invalid '" + NAMESPACE_HEADER + "' header: "
                    + shortened(namespace) + " (expected: 1 to 128 printable ASCII characters without spaces).");
        }
        return namespace;
    }

    /** Tells whether a generation request sets {@code temperature} to exactly 0. */
    public static boolean zeroTemperature(ObjectNode body) {
        JsonNode temperature = body.get("temperature");
        return temperature != null && temperature.isNumber() && temperature.decimalValue().signum() == 0;
    }

    private static boolean hasDirective(String cacheControl, String directive) {
        for (String part : cacheControl.split(",")) {
            if (part.strip().equals(directive)) {
                return true;
            }
        }
        return false;
    }

    private static String normalized(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.strip().toLowerCase(Locale.ROOT);
    }

    private static String shortened(String value) {
        String stripped = value.strip();
        return stripped.length() <= 40 ? stripped : stripped.substring(0, 40) + "…";
    }
}
