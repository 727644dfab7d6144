package io.sluice.gateway.cluster;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import io.sluice.gateway.cache.StoredResponse;

/**
 * Compact serialization of cached responses. The field names are also the attribute names that purge
 * predicates query ({@code tenant}, {@code alias}, {@code namespace}).
 */
public final class StoredResponseSerializer implements CompactSerializer<StoredResponse> {

    @Override
    public StoredResponse read(CompactReader reader) {
        return new StoredResponse(reader.readString("tenant"), reader.readString("alias"),
                reader.readString("namespace"), reader.readString("endpoint"), reader.readArrayOfInt8("body"),
                reader.readInt64("createdAtMillis"), reader.readInt64("promptTokens"),
                reader.readInt64("completionTokens"));
    }

    @Override
    public void write(CompactWriter writer, StoredResponse value) {
        writer.writeString("tenant", value.tenant());
        writer.writeString("alias", value.alias());
        writer.writeString("namespace", value.namespace());
        writer.writeString("endpoint", value.endpoint());
        writer.writeArrayOfInt8("body", value.body());
        writer.writeInt64("createdAtMillis", value.createdAtMillis());
        writer.writeInt64("promptTokens", value.promptTokens());
        writer.writeInt64("completionTokens", value.completionTokens());
    }

    @Override
    public String getTypeName() {
        return "sluice.StoredResponse";
    }

    @Override
    public Class<StoredResponse> getCompactClass() {
        return StoredResponse.class;
    }
}
