package dev.lla.core.landscape;

import dev.lla.core.random.Seeds;
import dev.lla.core.spectrum.VectorSpace;

/**
 * A pair of normalized random directions (d2 absent in 1D) and what describes them in the output.
 *
 * <p>d2 is Gram–Schmidt orthogonalized against d1 on the raw draws, before normalization, as the
 * directions of Li et al. 2018 are orthogonal raw Gaussians: normalization then keeps its meaning
 * (each filter of each direction has the norm of the weights' filter). Per-filter scaling makes
 * the normalized pair only nearly orthogonal; {@link #cosine} reports how nearly.
 *
 * @param d1 first direction
 * @param d2 second direction, or null in 1D
 * @param norm1 ‖d1‖₂ after normalization
 * @param norm2 ‖d2‖₂ after normalization (NaN in 1D)
 * @param cosine cos∠(d1, d2) after normalization (NaN in 1D)
 */
public record Directions<V>(V d1, V d2, double norm1, double norm2, double cosine) {

    /** Draws, orthogonalizes and normalizes the directions of {@code config} against {@code w0}. */
    public static <V> Directions<V> random(VectorSpace<V> space, TensorwiseOps<V> ops, V w0, LandscapeConfig config) {
        V d1 = draw(space, ops, config, 0);
        V d2 = config.dims() == 2 ? draw(space, ops, config, 1) : null;
        return prepare(space, ops, w0, d1, d2, config);
    }

    /**
     * Orthogonalizes raw {@code d2} (null in 1D) against {@code d1} and normalizes both in place
     * against {@code w0} as {@code config} says; the pair takes the vectors over.
     */
    public static <V> Directions<V> prepare(VectorSpace<V> space, TensorwiseOps<V> ops, V w0, V d1, V d2,
            LandscapeConfig config) {
        if (d2 != null) {
            double d11 = space.dot(d1, d1);
            if (d11 > 0) {
                space.axpy(-space.dot(d1, d2) / d11, d1, d2);
            }
        }
        return normalized(space, ops, w0, d1, d2, config);
    }

    /**
     * Normalizes {@code d1} and {@code d2} (null in 1D) in place against {@code w0} as
     * {@code config} says, without orthogonalizing: for axes whose directions mean something as
     * they are (Adam moments, the way to other checkpoints). The pair takes the vectors over.
     */
    public static <V> Directions<V> normalized(VectorSpace<V> space, TensorwiseOps<V> ops, V w0, V d1, V d2,
            LandscapeConfig config) {
        normalize(ops, d1, w0, config);
        double norm1 = space.norm(d1);
        if (d2 == null) {
            return new Directions<>(d1, null, norm1, Double.NaN, Double.NaN);
        }
        normalize(ops, d2, w0, config);
        double norm2 = space.norm(d2);
        double cosine = norm1 > 0 && norm2 > 0 ? space.dot(d1, d2) / (norm1 * norm2) : 0;
        return new Directions<>(d1, d2, norm1, norm2, cosine);
    }

    private static <V> V draw(VectorSpace<V> space, TensorwiseOps<V> ops, LandscapeConfig config, int index) {
        V d = space.zeros();
        ops.fill(d, config.distribution().entries(Seeds.stream(config.seed(), "landscape-direction", index)));
        return d;
    }

    private static <V> void normalize(TensorwiseOps<V> ops, V d, V w0, LandscapeConfig config) {
        config.normalization().apply(ops, d, w0, config.normOrder());
        if (config.ignoreBiasBn()) {
            ops.zeroVectors(d);
        }
    }

    /** Frees both directions' storage. */
    public void release(VectorSpace<V> space) {
        space.release(d1);
        if (d2 != null) {
            space.release(d2);
        }
    }
}
