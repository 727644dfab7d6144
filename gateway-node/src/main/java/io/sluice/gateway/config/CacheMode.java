package io.sluice.gateway.config;

/** The rule for which requests to an alias may be served from, and stored in, the response cache. */
public enum CacheMode {
    /** Only requests whose output is meant to be repeatable: {@code temperature} explicitly 0. */
    DETERMINISTIC,
    /** Every request, whatever its sampling settings. */
    ALWAYS,
    /** No request; a request header cannot opt in either. */
    NEVER
}
