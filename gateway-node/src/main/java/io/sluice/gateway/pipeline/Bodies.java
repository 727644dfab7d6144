package io.sluice.gateway.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.gateway.api.GatewayException;
import io.sluice.gateway.api.Json;
import java.io.IOException;

/** Parses request bodies into JSON objects, with OpenAI-style 400 errors. */
final class Bodies {

    private Bodies() {
    }

    static ObjectNode parseObject(byte[] body) {
        if (body.length == 0) {
            throw GatewayException.invalid(null, "The request body is empty; send a JSON object.");
        }
        JsonNode node;
        try {
            node = Json.parse(body);
        } catch (JsonProcessingException e) {
            throw GatewayException.invalid(null, "The request body is not valid JSON: "
                    + e.getOriginalMessage() + " (line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ").");
        } catch (IOException e) {
            throw GatewayException.invalid(null, "The request body could not be read as JSON.");
        }
        if (!(node instanceof ObjectNode object)) {
            throw GatewayException.invalid(null, "The request body must be a JSON object.");
        }
        return object;
    }
}
