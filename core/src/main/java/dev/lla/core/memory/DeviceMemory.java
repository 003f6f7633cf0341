package dev.lla.core.memory;

/**
 * What a model's device says about memory, for planning a run before it starts.
 *
 * @param name the device, e.g. {@code cpu()} or {@code gpu(0)}
 * @param sharesHost whether the device's memory is the host's RAM (CPU), so that host and device
 *     figures draw on one pool
 * @param scalarBytes bytes of one parameter scalar (4 for float32)
 * @param batchCacheBytes most bytes of batches the model keeps on the device between calls
 * @param freeBytes memory the device can still give, -1 where unknown
 * @param freeSource where {@code freeBytes} comes from, e.g. {@code MemAvailable}
 */
public record DeviceMemory(
        String name, boolean sharesHost, int scalarBytes, long batchCacheBytes, long freeBytes, String freeSource) {

    /** This device with at most {@code limitBytes} free (the user's limit, {@code --memory}); itself when -1. */
    public DeviceMemory atMost(long limitBytes) {
        if (limitBytes < 0 || (freeBytes >= 0 && freeBytes <= limitBytes)) {
            return this;
        }
        return new DeviceMemory(name, sharesHost, scalarBytes, batchCacheBytes, limitBytes, "--memory");
    }
}
