package dev.lla.core.train;

import java.util.Map;

/**
 * An optimizer's state on the host, as a checkpoint stores it: the number of steps taken and its
 * per-parameter buffers as flat float32 vectors in parameter order, by torch.optim's names
 * ({@code exp_avg}, {@code exp_avg_sq} for Adam; {@code momentum_buffer} for SGD).
 *
 * @param step steps taken so far (torch's {@code state["step"]})
 * @param buffers buffer name to its flat values (P floats)
 */
public record OptimizerState(long step, Map<String, float[]> buffers) {

    public OptimizerState {
        buffers = Map.copyOf(buffers);
    }
}
