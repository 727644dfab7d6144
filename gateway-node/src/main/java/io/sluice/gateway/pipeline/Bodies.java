package io.sluice.gateway.pipeline;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.gateway.api.GatewayException;
import io.sluice.gateway.api.Json;
import java.io.IOException;

/**
 * Parses request bodies into JSON objects, with OpenAI-style 400 errors that point to where the body is broken
 * without exposing parser internals.
 */
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
        } catch (StreamConstraintsException e) {
            throw GatewayException.invalid(null, "The request body exceeds a JSON limit: nesting deeper than 256 "
                    + "levels, or a number or string too long.");
        } catch (MismatchedInputException e) {
            throw GatewayException.invalid(null, "The request body has data after its JSON value" + where(e) + ".");
        } catch (JsonProcessingException e) {
            String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
            String detail = original.startsWith("Duplicate field") ? ": " + original.split("\n")[0] : "";
            throw GatewayException.invalid(null, "The request body is not valid JSON" + where(e) + detail + ".");
        } catch (IOException e) {
            throw GatewayException.invalid(null, "The request body could not be read as JSON.");
        }
        if (!(node instanceof ObjectNode object)) {
            throw GatewayException.invalid(null, "The request body must be a JSON object.");
        }
        return object;
    }

    private static String where(JsonProcessingException e) {
        JsonLocation location = e.getLocation();
        return location == null ? "" : " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
