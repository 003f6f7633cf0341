package dev.lla.core.train;

import java.util.List;

/** Receives a training run's epochs and checkpoints as they are made; core writes no files itself. */
public interface TrainingListener {

    /** An epoch finished (its checkpoint, if any, follows). */
    void epochFinished(EpochRecord epoch);

    /**
     * A checkpoint to keep, with every epoch finished so far; once this returns, a resumed run may
     * start from it.
     */
    void checkpoint(Checkpoint checkpoint, List<EpochRecord> epochs);
}
