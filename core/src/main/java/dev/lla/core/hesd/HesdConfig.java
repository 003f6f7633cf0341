package dev.lla.core.hesd;

import dev.lla.core.LlaException;
import dev.lla.core.model.Curvature;
import dev.lla.core.model.ModelMode;

/**
 * Everything that fixes the numbers of a Hessian spectral analysis.
 *
 * @param runs SLQ runs (start vectors) per Hessian, the paper's {@code n_hes}
 * @param iterations Lanczos steps per SLQ run
 * @param reorthogonalization how SLQ's Lanczos keeps its vectors orthogonal when it keeps them all
 *     ({@code window} 0): at every step, or only when needed
 * @param window Lanczos vectors kept for re-orthogonalization; 0 keeps all (then {@code
 *     reorthogonalization} decides), K &gt; 0 a bounded window of K, which only full allows
 * @param topK algebraically largest eigenvalues wanted; 0 skips the extreme eigenvalues
 * @param traceSamples most Hutchinson samples; 0 skips the trace
 * @param traceTolerance stop sampling once stderr ≤ this × |trace|
 * @param eigenTolerance converged when ‖Hx − θx‖ ≤ this × |θ|
 * @param eigenIterations most Lanczos steps for the extreme eigenvalues
 * @param scope per-batch Hessians or their mean
 * @param mode BatchNorm mode
 * @param seed seed of every random choice
 * @param densityBins grid points of the density
 * @param densityPad absolute padding of the density grid beyond the extreme nodes
 * @param densityS2 Gaussian smoothing: σ² = s2 · max(1, span)
 * @param curvature the matrix analysed: the Hessian (default), Gauss-Newton or NME
 * @param scaleInvariant analyse {@code D C D} with {@code D = diag(|w|)} instead of {@code C} itself
 * @param traceMethod Hutchinson's estimator, or Hutch++ with a sketch
 * @param traceSketch Hutch++'s sketch vectors k; 0 takes ⌊traceSamples/3⌋ (Meyer et al.'s split)
 */
public record HesdConfig(
        int runs,
        int iterations,
        Reorthogonalization reorthogonalization,
        int window,
        int topK,
        int traceSamples,
        double traceTolerance,
        double eigenTolerance,
        int eigenIterations,
        HessianScope scope,
        ModelMode mode,
        long seed,
        int densityBins,
        double densityPad,
        double densityS2,
        Curvature curvature,
        boolean scaleInvariant,
        TraceMethod traceMethod,
        int traceSketch) {

    /** The Hessian's configuration (the default operator). */
    public HesdConfig(int runs, int iterations, Reorthogonalization reorthogonalization, int window, int topK,
            int traceSamples, double traceTolerance, double eigenTolerance, int eigenIterations, HessianScope scope,
            ModelMode mode, long seed, int densityBins, double densityPad, double densityS2) {
        this(runs, iterations, reorthogonalization, window, topK, traceSamples, traceTolerance, eigenTolerance,
                eigenIterations, scope, mode, seed, densityBins, densityPad, densityS2, Curvature.HESSIAN);
    }

    /** The plain (not scale-invariant) spectrum of {@code curvature}. */
    public HesdConfig(int runs, int iterations, Reorthogonalization reorthogonalization, int window, int topK,
            int traceSamples, double traceTolerance, double eigenTolerance, int eigenIterations, HessianScope scope,
            ModelMode mode, long seed, int densityBins, double densityPad, double densityS2, Curvature curvature) {
        this(runs, iterations, reorthogonalization, window, topK, traceSamples, traceTolerance, eigenTolerance,
                eigenIterations, scope, mode, seed, densityBins, densityPad, densityS2, curvature, false);
    }

    /** The Hutchinson trace of {@code curvature}, scale-invariant when {@code scaleInvariant}. */
    public HesdConfig(int runs, int iterations, Reorthogonalization reorthogonalization, int window, int topK,
            int traceSamples, double traceTolerance, double eigenTolerance, int eigenIterations, HessianScope scope,
            ModelMode mode, long seed, int densityBins, double densityPad, double densityS2, Curvature curvature,
            boolean scaleInvariant) {
        this(runs, iterations, reorthogonalization, window, topK, traceSamples, traceTolerance, eigenTolerance,
                eigenIterations, scope, mode, seed, densityBins, densityPad, densityS2, curvature, scaleInvariant,
                TraceMethod.HUTCHINSON, 0);
    }

    /** This configuration for another operator. */
    public HesdConfig withCurvature(Curvature other) {
        return new HesdConfig(runs, iterations, reorthogonalization, window, topK, traceSamples, traceTolerance,
                eigenTolerance, eigenIterations, scope, mode, seed, densityBins, densityPad, densityS2, other,
                scaleInvariant, traceMethod, traceSketch);
    }

    /** This configuration for {@code D C D}, {@code D = diag(|w|)}, when {@code on} (--scale-invariant). */
    public HesdConfig withScaleInvariant(boolean on) {
        return new HesdConfig(runs, iterations, reorthogonalization, window, topK, traceSamples, traceTolerance,
                eigenTolerance, eigenIterations, scope, mode, seed, densityBins, densityPad, densityS2, curvature, on,
                traceMethod, traceSketch);
    }

    /** This configuration with another trace estimator ({@code sketch} 0: Hutch++'s default). */
    public HesdConfig withTraceMethod(TraceMethod method, int sketch) {
        return new HesdConfig(runs, iterations, reorthogonalization, window, topK, traceSamples, traceTolerance,
                eigenTolerance, eigenIterations, scope, mode, seed, densityBins, densityPad, densityS2, curvature,
                scaleInvariant, method, sketch);
    }

    /** Hutch++'s sketch vectors: --trace-sketch, or a third of --trace-samples. */
    public int effectiveTraceSketch() {
        return traceSketch > 0 ? traceSketch : Math.max(1, traceSamples / 3);
    }

    public HesdConfig {
        require(curvature != null, "--operator must be given");
        require(runs >= 1, "--nhes must be at least 1, got " + runs);
        require(iterations >= 1, "--iterations must be at least 1, got " + iterations);
        require(window >= 0, "--window must be 0 (full) or positive, got " + window);
        require(reorthogonalization != null, "re-orthogonalization must be given");
        require(window == 0 || reorthogonalization == Reorthogonalization.FULL,
                "--window " + window + " conflicts with --reorth partial: partial re-orthogonalization"
                        + " keeps every Lanczos vector; use one or the other");
        require(topK >= 0, "--top-k must be 0 or more, got " + topK);
        require(traceSamples >= 0, "--trace-samples must be 0 or more, got " + traceSamples);
        require(traceTolerance > 0, "--trace-tol must be positive, got " + traceTolerance);
        require(traceMethod != null, "--trace-method must be given");
        require(traceSketch >= 0, "--trace-sketch must be 0 (a third of --trace-samples) or positive, got "
                + traceSketch);
        require(traceSketch == 0 || traceMethod == TraceMethod.HUTCH_PLUS_PLUS,
                "--trace-sketch applies only to --trace-method hutch++");
        if (traceMethod == TraceMethod.HUTCH_PLUS_PLUS && traceSamples > 0) {
            int k = traceSketch > 0 ? traceSketch : Math.max(1, traceSamples / 3);
            require(traceSamples >= 2L * k + 2, "--trace-method hutch++ spends 2 × " + k + " products on its sketch"
                    + " and needs 2 more samples: --trace-samples must be at least " + (2L * k + 2) + ", got "
                    + traceSamples);
        }
        require(eigenTolerance > 0, "--eigen-tol must be positive, got " + eigenTolerance);
        require(topK == 0 || eigenIterations >= topK + 1,
                "--eigen-iterations must exceed --top-k, got " + eigenIterations);
        require(densityBins >= 2, "--density-bins must be at least 2, got " + densityBins);
        require(densityPad >= 0, "--density-pad must be 0 or more, got " + densityPad);
        require(densityS2 > 0, "--density-s2 must be positive, got " + densityS2);
    }

    /** The Lanczos re-orthogonalization of SLQ when all vectors are kept. */
    public enum Reorthogonalization {
        /** Against all previous vectors at every step (PyHessian). */
        FULL,
        /** Only when estimates show orthogonality falling to √u (Simon 1984). */
        PARTIAL
    }

    /** How the trace is estimated. */
    public enum TraceMethod {
        /** Rademacher probes of the whole operator (Hutchinson 1989). */
        HUTCHINSON("hutchinson"),
        /** The trace on a sketched top subspace exactly, Hutchinson on the rest (Meyer et al. 2021). */
        HUTCH_PLUS_PLUS("hutch++");

        private final String label;

        TraceMethod(String label) {
            this.label = label;
        }

        /** The name on the command line and in the JSON config. */
        public String label() {
            return label;
        }

        /** The method named {@code label} (any case), or null. */
        public static TraceMethod byLabel(String label) {
            for (TraceMethod m : values()) {
                if (m.label.equalsIgnoreCase(label)) {
                    return m;
                }
            }
            return null;
        }
    }

    /** The name written to the JSON config: {@code full}, {@code partial} or {@code window of K}. */
    public String reorthogonalizationLabel() {
        if (window > 0) {
            return "window of " + window;
        }
        return reorthogonalization == Reorthogonalization.FULL ? "full" : "partial";
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw LlaException.usage(message);
        }
    }
}
