package dev.lla.core.shard;

import dev.lla.core.LlaException;
import dev.lla.core.progress.ProgressListener;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one job on several devices of one process: one worker thread (a lane) per device, each
 * with its own copy of the model, taking pieces from one {@link PieceQueue}. A lane that fails
 * stops the queue (the other lanes finish the piece they hold, which their journal keeps) and the
 * run ends with one line naming the device.
 */
public final class DeviceLanes {

    private DeviceLanes() {}

    /** What one lane did: its device, the pieces it took, its seconds and what its work returned. */
    public record Lane<W>(String device, int pieces, double seconds, W value) {}

    /** The work of lane {@code lane}: the job restricted to {@code pieces}, on that lane's model. */
    public interface Work<W> {
        W run(int lane, PieceSelection pieces);
    }

    /**
     * Runs {@code work} on every lane and waits for all of them.
     *
     * @param devices the device of each lane, as the user named it
     * @param base the pieces of this process (its shard, or all)
     * @param pieces how many pieces the whole job has, for progress
     */
    public static <W> List<Lane<W>> run(List<String> devices, PieceSelection base, int pieces,
            ProgressListener progress, Work<W> work) {
        int n = devices.size();
        PieceQueue queue = new PieceQueue(base, n, pieces, progress);
        List<W> values = new ArrayList<>(java.util.Collections.nCopies(n, null));
        double[] seconds = new double[n];
        Throwable[] failures = new Throwable[n];
        int[] firstFailure = {-1};
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int lane = i;
            Thread thread = new Thread(() -> {
                long start = System.nanoTime();
                try {
                    W value = work.run(lane, queue.lane(lane));
                    synchronized (values) {
                        values.set(lane, value);
                    }
                } catch (Throwable e) {
                    queue.stop();
                    synchronized (failures) {
                        failures[lane] = e;
                        if (firstFailure[0] < 0) {
                            firstFailure[0] = lane;
                        }
                    }
                } finally {
                    queue.laneFinished(lane);
                    seconds[lane] = (System.nanoTime() - start) / 1e9;
                }
            }, "lla-device-" + lane);
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                queue.stop();
                Thread.currentThread().interrupt();
                throw LlaException.input("interrupted while the devices " + String.join(",", devices) + " ran");
            }
        }
        synchronized (failures) {
            if (firstFailure[0] >= 0) {
                throw failed(devices, firstFailure[0], failures[firstFailure[0]]);
            }
        }
        List<Lane<W>> lanes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            lanes.add(new Lane<>(devices.get(i), queue.taken(i), seconds[i], values.get(i)));
        }
        return lanes;
    }

    /** {@code device cpu (2 of 2) failed: why}, with the exit code of the cause when it is lla's own. */
    private static LlaException failed(List<String> devices, int lane, Throwable cause) {
        String why = cause.getMessage() == null || cause.getMessage().isBlank() ? cause.getClass().getSimpleName()
                : cause.getMessage().strip().lines().findFirst().orElse("");
        if (why.length() > 300) {
            why = why.substring(0, 300) + "…";
        }
        String message = "device " + devices.get(lane) + " (" + (lane + 1) + " of " + devices.size() + ") failed: "
                + why + "; the pieces finished on every device are journaled, rerun with --resume";
        LlaException.Kind kind = cause instanceof LlaException lla ? lla.kind() : LlaException.Kind.INPUT;
        return new LlaException(kind, message, cause);
    }
}
