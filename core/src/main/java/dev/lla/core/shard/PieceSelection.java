package dev.lla.core.shard;

/**
 * Which of a job's independent pieces (SLQ runs, grid rows, survey regimes, checkpoint × dataset
 * cells, numbered in run order) one process or one device computes: a fixed {@link GridShard} of
 * a job array, or a device's share of a {@link PieceQueue}.
 */
public interface PieceSelection {

    /** Whether piece {@code piece} (0-based, in run order) is computed here. */
    boolean owns(int piece);

    /** Whether every piece is computed here, so that the job can pool them into its result. */
    boolean isWhole();
}
