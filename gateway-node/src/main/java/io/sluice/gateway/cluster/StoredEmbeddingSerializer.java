package io.sluice.gateway.cluster;

import com.hazelcast.nio.serialization.compact.CompactReader;
import com.hazelcast.nio.serialization.compact.CompactSerializer;
import com.hazelcast.nio.serialization.compact.CompactWriter;
import io.sluice.gateway.cache.StoredEmbedding;

/** Compact serialization of cached embedding vectors. */
public final class StoredEmbeddingSerializer implements CompactSerializer<StoredEmbedding> {

    @Override
    public StoredEmbedding read(CompactReader reader) {
        return new StoredEmbedding(reader.readString("tenant"), reader.readString("alias"),
                reader.readString("namespace"), reader.readArrayOfFloat32("vector"),
                reader.readInt64("promptTokens"), reader.readInt64("createdAtMillis"));
    }

    @Override
    public void write(CompactWriter writer, StoredEmbedding value) {
        writer.writeString("tenant", value.tenant());
        writer.writeString("alias", value.alias());
        writer.writeString("namespace", value.namespace());
        writer.writeArrayOfFloat32("vector", value.vector());
        writer.writeInt64("promptTokens", value.promptTokens());
        writer.writeInt64("createdAtMillis", value.createdAtMillis());
    }

    @Override
    public String getTypeName() {
        return "sluice.StoredEmbedding";
    }

    @Override
    public Class<StoredEmbedding> getCompactClass() {
        return StoredEmbedding.class;
    }
}
