package dev.lla.core.model.torch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.lla.core.data.Batch;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Batches already copied to the device, so that the loops that see the same batches again (every
 * landscape grid point, every product of the mean Hessian) do not copy them from the host each
 * time. Least recently used batches are dropped once the held bytes pass a budget.
 */
final class DeviceBatches {

    /** Inputs and int64 labels of one batch on the device. */
    record OnDevice(NDArray x, NDArray y) {}

    private final NDManager manager;
    private final DataType dataType;
    private final long budgetBytes;
    private final Map<Key, OnDevice> held = new LinkedHashMap<>(16, 0.75f, true);
    private long heldBytes;

    /**
     * A batch by identity: Batch is a record whose equality hashes its whole pixel array, which
     * would cost as much as the copy this cache saves.
     */
    private record Key(Batch batch) {
        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.batch == batch;
        }

        @Override
        public int hashCode() {
            return System.identityHashCode(batch);
        }
    }

    DeviceBatches(NDManager manager, DataType dataType, long budgetBytes) {
        this.manager = manager;
        this.dataType = dataType;
        this.budgetBytes = budgetBytes;
    }

    /**
     * The batch on the device. The arrays belong to this cache: callers use them within one call
     * and must not close them (operations on them attach their results elsewhere).
     */
    OnDevice get(Batch batch) {
        Key key = new Key(batch);
        OnDevice found = held.get(key);
        if (found != null) {
            return found;
        }
        OnDevice copied = copy(batch);
        held.put(key, copied);
        heldBytes += bytes(copied);
        evictBeyondBudget(key);
        return copied;
    }

    /**
     * The batch copied to the device into {@code scope}, bypassing the cache: for batches seen
     * once, such as a training step's, which would only push the reused ones out.
     */
    OnDevice once(NDManager scope, Batch batch) {
        OnDevice copied = copy(batch);
        copied.x().attach(scope);
        copied.y().attach(scope);
        return copied;
    }

    /** Arrays held, two per batch. */
    int arrays() {
        return 2 * held.size();
    }

    private OnDevice copy(Batch batch) {
        NDArray x = manager.create(batch.pixels(), new Shape(batch.shape()));
        if (x.getDataType() != dataType) {
            NDArray converted = x.toType(dataType, true);
            x.close();
            x = converted;
        }
        long[] labels = new long[batch.size()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = batch.labels()[i];
        }
        return new OnDevice(x, manager.create(labels));
    }

    private void evictBeyondBudget(Key newest) {
        Iterator<Map.Entry<Key, OnDevice>> oldestFirst = held.entrySet().iterator();
        while (heldBytes > budgetBytes && oldestFirst.hasNext()) {
            Map.Entry<Key, OnDevice> entry = oldestFirst.next();
            if (entry.getKey().equals(newest)) {
                break;
            }
            heldBytes -= bytes(entry.getValue());
            entry.getValue().x().close();
            entry.getValue().y().close();
            oldestFirst.remove();
        }
    }

    private static long bytes(OnDevice batch) {
        return batch.x().size() * batch.x().getDataType().getNumOfBytes() + batch.y().size() * 8;
    }
}
