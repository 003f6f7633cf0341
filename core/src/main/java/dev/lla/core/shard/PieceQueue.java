package dev.lla.core.shard;

import dev.lla.core.progress.ProgressListener;
import java.util.HashMap;
import java.util.Map;

/**
 * Hands a job's pieces out to several lanes (one worker thread per device), first come first
 * served. Every lane walks the same pieces in run order; a lane asking for a piece that no lane
 * has taken gets it, so a fast device takes more pieces than a slow one. Each piece goes to one
 * lane only and its numbers depend only on the job seed and the piece, so the pooled result is
 * the one-device result. Progress counts the pieces finished on all lanes.
 */
public final class PieceQueue {

    private final PieceSelection base;
    private final ProgressListener progress;
    private final String task;
    private final long total;
    private final Map<Integer, Integer> owners = new HashMap<>();
    private final int[] current;
    private final int[] taken;
    private long finished;
    private boolean stopped;

    /**
     * @param base the pieces of this process (a shard of a job array, or all)
     * @param lanes the number of lanes
     * @param pieces the number of pieces of the whole job, for progress
     * @param progress hears {@code pieces on N devices}, finished of total
     */
    public PieceQueue(PieceSelection base, int lanes, int pieces, ProgressListener progress) {
        this.base = base;
        this.progress = progress;
        this.task = "pieces on " + lanes + " devices";
        long own = 0;
        for (int k = 0; k < pieces; k++) {
            own += base.owns(k) ? 1 : 0;
        }
        this.total = own;
        this.current = new int[lanes];
        this.taken = new int[lanes];
        java.util.Arrays.fill(current, -1);
    }

    /** The pieces lane {@code lane} computes: those it is first to ask for. */
    public PieceSelection lane(int lane) {
        return new PieceSelection() {
            @Override
            public boolean owns(int piece) {
                return claim(lane, piece);
            }

            @Override
            public boolean isWhole() {
                return false;
            }
        };
    }

    /** Lane {@code lane} has finished: its last piece counts as done. */
    public synchronized void laneFinished(int lane) {
        pieceDone(lane);
    }

    /** No more pieces are handed out (a lane failed); lanes finish the pieces they hold. */
    public synchronized void stop() {
        stopped = true;
    }

    /** How many pieces lane {@code lane} took. */
    public synchronized int taken(int lane) {
        return taken[lane];
    }

    private synchronized boolean claim(int lane, int piece) {
        if (!base.owns(piece)) {
            return false;
        }
        Integer owner = owners.get(piece);
        if (owner != null) {
            return owner == lane;
        }
        if (stopped) {
            return false;
        }
        // A lane asks for its next piece once it has finished the one before.
        pieceDone(lane);
        owners.put(piece, lane);
        current[lane] = piece;
        taken[lane]++;
        return true;
    }

    private void pieceDone(int lane) {
        if (current[lane] >= 0) {
            current[lane] = -1;
            finished++;
            progress.update(task, finished, total);
        }
    }
}
