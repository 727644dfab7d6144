package io.sluice.simulator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Replies for {@code GET /v1/models} and {@code GET /v1/models/{model}}. */
final class Models {

    /** The {@code created} time of every listed model (2024-01-01T00:00:00Z), fixed so replies are stable. */
    private static final long CREATED = 1_704_067_200L;

    private static final String OWNER = "sluice-simulator";

    private final List<String> ids;

    /** Creates the handler for the given model ids. */
    Models(List<String> ids) {
        this.ids = List.copyOf(ids);
    }

    /** Returns the list of models. */
    Reply list(Pacing pacing) {
        ObjectNode root = Json.object();
        root.put("object", "list");
        ArrayNode data = root.putArray("data");
        ids.forEach(id -> data.add(model(id)));
        return ok(root, pacing);
    }

    /** Returns one model, or 404 {@code model_not_found} when the id is not listed. */
    Reply retrieve(String id, Pacing pacing) {
        if (!ids.contains(id)) {
            return ErrorReplies.openAi(404, "invalid_request_error",
                    "The model '" + id + "' does not exist", "model", "model_not_found");
        }
        return ok(model(id), pacing);
    }

    private static ObjectNode model(String id) {
        ObjectNode model = Json.object();
        model.put("id", id);
        model.put("object", "model");
        model.put("created", CREATED);
        model.put("owned_by", OWNER);
        return model;
    }

    private static Reply ok(ObjectNode body, Pacing pacing) {
        List<Header> headers = List.of(
                new Header("Content-Type", "application/json"),
                new Header("x-request-id", Ids.next("req_")));
        return Reply.fixed(200, headers, Json.bytes(body), pacing.latencyMillis());
    }
}
