package io.sluice.gateway.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.gateway.api.Usage;

/** Rebuilds the non-stream response of an endpoint from its stream chunks. */
public interface StreamAssembler {

    /** Takes the next parsed chunk. */
    void accept(JsonNode chunk);

    /**
     * Takes the next chunk for its finish reasons and usage only, and drops its content. The relay switches to
     * this once a response is too large to cache, so memory stays bounded while completeness and usage are known.
     */
    void track(JsonNode chunk);

    /** Returns how many distinct choices have appeared. */
    int choiceCount();

    /** Tells whether every choice seen so far has finished, so the result is a complete response. */
    boolean complete();

    /** Tells whether any choice has appeared, so the stream carried at least part of a response. */
    boolean started();

    /** Returns the usage the stream reported, or {@link Usage#NONE}. */
    Usage usage();

    /** Returns the assembled non-stream response. */
    ObjectNode result();
}
