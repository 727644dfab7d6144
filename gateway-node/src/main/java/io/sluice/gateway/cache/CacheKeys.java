package io.sluice.gateway.cache;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sluice.gateway.api.Endpoint;
import io.sluice.gateway.api.Json;
import io.sluice.gateway.config.Hashing;
import io.sluice.gateway.routing.Route;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;

/**
 * Computes response cache keys: the SHA-256 of a canonical document containing everything that can change a
 * response.
 *
 * <p>The document contains the tenant, so tenants never share entries. It also contains the endpoint, the
 * resolved alias with the provider and upstream model it currently maps to (so remapping an alias never serves
 * the old model's responses), the client's namespace, and every request field except the ones listed in
 * {@link #IGNORED_FIELDS}. Unknown fields are included, because a field Sluice does not know may well change
 * the output. Excluded, because they
 * cannot change the generated tokens:
 * <ul>
 *   <li>{@code model}: replaced by the resolved alias, which is what decides the upstream model;</li>
 *   <li>{@code stream}, {@code stream_options}: one entry serves JSON and stream callers alike;</li>
 *   <li>{@code user}, {@code safety_identifier}, {@code metadata}, {@code store}: attribution and
 *       retention hints for the provider;</li>
 *   <li>{@code prompt_cache_key}, {@code prompt_cache_retention}, {@code service_tier}: provider-side caching
 *       and scheduling hints that change cost or latency, not content.</li>
 * </ul>
 */
public final class CacheKeys {

    /** Request fields left out of the key. */
    public static final Set<String> IGNORED_FIELDS = Set.of("model", "stream", "stream_options", "user",
            "safety_identifier", "metadata", "store", "prompt_cache_key", "prompt_cache_retention",
            "service_tier");

    /**
     * Embeddings request fields left out of an item's key: the batch itself, the alias, the wire encoding
     * (both encodings carry the same floats) and attribution.
     */
    public static final Set<String> IGNORED_EMBEDDING_FIELDS = Set.of("input", "model", "encoding_format", "user");

    private static final int KEY_VERSION = 2;

    private CacheKeys() {
    }

    /** Computes the key of a chat or text completion request. */
    public static String response(String tenant, Endpoint endpoint, Route route, String namespace, ObjectNode body) {
        ObjectNode fields = Json.object();
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            if (!IGNORED_FIELDS.contains(field.getKey())) {
                fields.set(field.getKey(), field.getValue());
            }
        }
        return hash(document(tenant, endpoint, route, namespace).set("request", fields));
    }

    /**
     * Computes the key of one embeddings input item: the item, plus every request field that is not in
     * {@link #IGNORED_EMBEDDING_FIELDS}, because fields such as {@code dimensions} or a provider's
     * {@code input_type} change the vector.
     *
     * @param item one input: a string or an array of token ids
     * @param body the whole request, for its other fields
     */
    public static String embedding(String tenant, Route route, String namespace, JsonNode item, ObjectNode body) {
        ObjectNode fields = Json.object();
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            if (!IGNORED_EMBEDDING_FIELDS.contains(field.getKey())) {
                fields.set(field.getKey(), field.getValue());
            }
        }
        ObjectNode document = document(tenant, Endpoint.EMBEDDINGS, route, namespace);
        document.set("input", item);
        document.set("request", fields);
        return hash(document);
    }

    private static ObjectNode document(String tenant, Endpoint endpoint, Route route, String namespace) {
        ObjectNode document = Json.object();
        document.put("v", KEY_VERSION);
        document.put("tenant", tenant);
        document.put("endpoint", endpoint.label());
        document.put("alias", route.alias());
        document.put("provider", route.provider().name());
        document.put("upstream_model", route.upstreamModel());
        document.put("namespace", namespace);
        return document;
    }

    private static String hash(JsonNode document) {
        MessageDigest digest = Hashing.sha256();
        try (DigestOutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), digest)) {
            CanonicalJson.write(document, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Returns the canonical bytes a key is computed from; for tests and debugging. */
    static byte[] canonicalBytes(JsonNode document) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CanonicalJson.write(document, out);
        return out.toByteArray();
    }
}
