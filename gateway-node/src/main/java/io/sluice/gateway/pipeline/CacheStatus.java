package io.sluice.gateway.pipeline;

/** The {@code x-sluice-cache} response header value. */
public enum CacheStatus {
    /** Served from the cache. */
    HIT,
    /** Looked up, not found; served by the upstream (and stored if complete and storable). */
    MISS,
    /** The cache was not consulted: not eligible, opted out, or {@code Cache-Control: no-cache}. */
    BYPASS
}
