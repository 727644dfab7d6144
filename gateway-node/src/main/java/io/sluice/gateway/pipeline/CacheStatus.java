package io.sluice.gateway.pipeline;

/** The {@code x-sluice-cache} response header value. */
public enum CacheStatus {
    /** Answered from the cache. */
    HIT,
    /** Looked up, not found; answered by the upstream (and stored if complete and storable). */
    MISS,
    /** The cache was not consulted: not eligible, opted out, or {@code Cache-Control: no-cache}. */
    BYPASS
}
