package io.sluice.gateway.cluster;

import com.hazelcast.map.EntryProcessor;
import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import java.util.Map;

/**
 * Removes the entries it runs on, on their owning member, and returns {@code true} for each, so a caller can
 * count what a predicate removed in one cluster-wide pass.
 */
public final class RemoveEntryProcessor<K, V> implements EntryProcessor<K, V, Boolean>,
        IdentifiedDataSerializable {

    @Override
    public Boolean process(Map.Entry<K, V> entry) {
        boolean existed = entry.getValue() != null;
        entry.setValue(null);
        return existed;
    }

    @Override
    public int getFactoryId() {
        return SluiceSerializables.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return SluiceSerializables.REMOVE_ENTRY_PROCESSOR;
    }

    @Override
    public void writeData(ObjectDataOutput out) {
        // No state to send.
    }

    @Override
    public void readData(ObjectDataInput in) {
        // No state to receive.
    }
}
