package io.sluice.gateway.cluster;

import com.hazelcast.nio.serialization.DataSerializableFactory;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;

/**
 * The factory for Sluice's {@link IdentifiedDataSerializable} types: entry processors and other objects sent
 * between members. Every member registers it; class ids are part of the wire format and never reused.
 */
public final class SluiceSerializables implements DataSerializableFactory {

    /** Factory id, unique among the factories registered on a member. */
    public static final int FACTORY_ID = 4711;
    /** Class id of {@link RemoveEntryProcessor}. */
    public static final int REMOVE_ENTRY_PROCESSOR = 1;

    @Override
    public IdentifiedDataSerializable create(int typeId) {
        return switch (typeId) {
            case REMOVE_ENTRY_PROCESSOR -> new RemoveEntryProcessor<>();
            default -> throw new IllegalArgumentException("unknown Sluice class id: " + typeId);
        };
    }
}
