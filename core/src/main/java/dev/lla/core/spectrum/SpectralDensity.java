package dev.lla.core.spectrum;

import dev.lla.core.LlaException;

import java.util.List;

/**
 * The Gaussian-smoothed spectral density of stochastic Lanczos quadrature runs, on a grid, by the
 * recipe of Ghorbani, Krishnan and Xiao (ICML 2019, §2) as PyHessian's {@code density_generate}
 * computes it.
 *
 * <p>The grid has {@code numBins} points from {@code λmin = mean over runs of min θ − pad} to
 * {@code λmax = mean over runs of max θ + pad}. Each run contributes {@code ρ(x) = Σₖ τₖ·N(x; θₖ,
 * σ²)} with {@code σ² = s2·max(1, λmax − λmin)}; the runs are averaged and the result normalized so
 * that {@code Σᵢ ρ(xᵢ)·Δx = 1}. Cost: O(runs × m × numBins) at worst; each Gaussian is only
 * evaluated where it is not exactly zero in double precision.
 */
public final class SpectralDensity {

    /** PyHessian's and METHODS.md's number of grid points. */
    public static final int DEFAULT_BINS = 10_000;

    /** PyHessian's absolute padding of the grid beyond the extreme nodes (LLA uses 0.001). */
    public static final double DEFAULT_PAD = 0.01;

    /** Ghorbani et al.'s Gaussian variance per unit of spectral span. */
    public static final double DEFAULT_S2 = 1e-5;

    /**
     * Beyond this many standard deviations {@code exp(−z²/2) < exp(−800)}, which is exactly 0 in
     * double (the smallest subnormal is about exp(−744)), so skipping those points changes no bit.
     */
    private static final double GAUSSIAN_SUPPORT_SIGMAS = 40.0;

    private final int numBins;
    private final double pad;
    private final double s2;

    /** The defaults: 10 000 bins, pad 0.01, s2 = 1e-5. */
    public SpectralDensity() {
        this(DEFAULT_BINS, DEFAULT_PAD, DEFAULT_S2);
    }

    /**
     * @param numBins grid points, ≥ 2
     * @param pad absolute padding beyond the mean extreme nodes, ≥ 0 (eigenvalue units)
     * @param s2 Gaussian variance per unit span, > 0
     */
    public SpectralDensity(int numBins, double pad, double s2) {
        if (numBins < 2) {
            throw LlaException.usage("density needs at least 2 bins, got " + numBins);
        }
        if (!(pad >= 0.0) || !Double.isFinite(pad)) {
            throw LlaException.usage("density padding must be finite and ≥ 0, got " + pad);
        }
        if (!(s2 > 0.0) || !Double.isFinite(s2)) {
            throw LlaException.usage("density variance s2 must be finite and > 0, got " + s2);
        }
        this.numBins = numBins;
        this.pad = pad;
        this.s2 = s2;
    }

    /**
     * The averaged, normalized density of {@code runs} (at least one).
     *
     * @throws LlaException (usage) if there are no runs or the grid has zero width (all nodes equal
     *     and pad 0); (numerical) if a node or weight is not finite
     */
    public Density estimate(List<QuadratureRun> runs) {
        if (runs.isEmpty()) {
            throw LlaException.usage("spectral density of zero quadrature runs");
        }
        for (QuadratureRun run : runs) {
            requireFinite(run);
        }
        double lambdaMin =
                runs.stream().mapToDouble(QuadratureRun::minNode).average().orElseThrow() - pad;
        double lambdaMax =
                runs.stream().mapToDouble(QuadratureRun::maxNode).average().orElseThrow() + pad;
        double span = lambdaMax - lambdaMin;
        if (!(span > 0.0)) {
            throw LlaException.usage(
                    "spectral density grid has zero width (all nodes at "
                            + lambdaMin
                            + "): use a padding > 0");
        }
        double[] grid = new double[numBins];
        double spacing = span / (numBins - 1);
        for (int i = 0; i < numBins; i++) {
            grid[i] = lambdaMin + i * spacing;
        }
        grid[numBins - 1] = lambdaMax; // exact end, free of accumulated rounding

        double variance = s2 * Math.max(1.0, span);
        double sigma = Math.sqrt(variance);
        double peak = 1.0 / Math.sqrt(2.0 * Math.PI * variance);
        double[] values = new double[numBins];
        for (QuadratureRun run : runs) {
            addRun(run, grid, variance, sigma, peak, values);
        }
        double mass = 0.0;
        for (double value : values) {
            mass += value;
        }
        // The run average's 1/runs cancels in the normalization; dividing once is enough.
        mass *= spacing;
        if (!(mass > 0.0)) {
            throw LlaException.numerical(
                    "spectral density vanishes on the grid ["
                            + lambdaMin
                            + ", "
                            + lambdaMax
                            + "]: every node lies more than "
                            + GAUSSIAN_SUPPORT_SIGMAS
                            + " sigma outside it");
        }
        for (int i = 0; i < numBins; i++) {
            values[i] /= mass;
        }
        return new Density(grid, values);
    }

    /** {@code values[i] += Σₖ τₖ·N(xᵢ; θₖ, σ²)}, node by node over the points it reaches. */
    private static void addRun(
            QuadratureRun run,
            double[] grid,
            double variance,
            double sigma,
            double peak,
            double[] values) {
        double lambdaMin = grid[0];
        double spacing = (grid[grid.length - 1] - lambdaMin) / (grid.length - 1);
        double[] theta = run.nodes();
        double[] tau = run.weights();
        for (int k = 0; k < theta.length; k++) {
            double reach = GAUSSIAN_SUPPORT_SIGMAS * sigma;
            int first = (int) Math.max(0.0, Math.floor((theta[k] - reach - lambdaMin) / spacing));
            int last =
                    (int)
                            Math.min(
                                    grid.length - 1.0,
                                    Math.ceil((theta[k] + reach - lambdaMin) / spacing));
            for (int i = first; i <= last; i++) {
                double d = grid[i] - theta[k];
                values[i] += tau[k] * peak * Math.exp(-d * d / (2.0 * variance));
            }
        }
    }

    private static void requireFinite(QuadratureRun run) {
        for (int k = 0; k < run.nodes().length; k++) {
            if (!Double.isFinite(run.nodes()[k]) || !Double.isFinite(run.weights()[k])) {
                throw LlaException.numerical(
                        "quadrature node "
                                + run.nodes()[k]
                                + " with weight "
                                + run.weights()[k]
                                + " is not finite");
            }
        }
    }
}
