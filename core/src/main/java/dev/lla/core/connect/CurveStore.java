package dev.lla.core.connect;

import dev.lla.core.train.OptimizerState;
import java.util.Optional;

/**
 * Where {@link ConnectJob} keeps the curve's state after each epoch of fitting θ, before the epoch
 * is journaled, so that a resume continues with the same numbers: θ, Adam's state, and the training
 * model as a checkpoint (its BatchNorm running statistics end up in the saved middle model).
 */
public interface CurveStore {

    /** θ and Adam's state after {@code epochs} epochs, and the training model's checkpoint. */
    record Saved(int epochs, float[] theta, OptimizerState adam) {}

    /** Saves the state after {@code epochs} epochs, replacing the earlier one. */
    void save(int epochs, float[] theta, OptimizerState adam, byte[] trainer);

    /** The saved state, if any. */
    Optional<Saved> load();

    /** A store in memory (no resume across processes); it keeps only the last trainer checkpoint. */
    static CurveStore memory() {
        return new CurveStore() {
            private Saved saved;

            @Override
            public void save(int epochs, float[] theta, OptimizerState adam, byte[] trainer) {
                saved = new Saved(epochs, theta.clone(), adam);
            }

            @Override
            public Optional<Saved> load() {
                return Optional.ofNullable(saved);
            }
        };
    }
}
