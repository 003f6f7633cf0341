package dev.lla.cli;

import dev.lla.core.hesd.HessianScope;
import dev.lla.core.model.Curvature;
import picocli.CommandLine.Option;

/** The SLQ settings shared by the commands that estimate spectra, and their seed and resume. */
final class SlqOptions {

    @Option(names = "--nhes", defaultValue = "10", paramLabel = "N",
            description = "SLQ runs (random start vectors) per Hessian, the paper's n_hes."
                    + " Default: ${DEFAULT-VALUE}.")
    int runs;

    @Option(names = "--iterations", defaultValue = "100", paramLabel = "M",
            description = "Lanczos steps per SLQ run; KH05 depends on it (docs/criteria.md)."
                    + " Default: ${DEFAULT-VALUE}.")
    int iterations;

    @Option(names = "--hessian", defaultValue = "per-batch", paramLabel = "per-batch|mean",
            converter = ScopeConverter.class,
            description = "per-batch: analyse each batch's Hessian and pool the results (the paper);"
                    + " mean: the sample-weighted mean Hessian over all batches (PyHessian)."
                    + " Default: ${DEFAULT-VALUE}.")
    HessianScope scope;

    @Option(names = "--operator", defaultValue = "hessian", paramLabel = "hessian|gauss-newton|nme",
            converter = CurvatureConverter.class,
            description = "The curvature matrix analysed: the Hessian H, the Gauss-Newton matrix G = JᵀH_zJ"
                    + " or the nonlinear modelling error NME = H - G (docs/METHODS.md). Default: ${DEFAULT-VALUE}.")
    Curvature operator;

    @Option(names = "--scale-invariant",
            description = "Analyse D C D with D = diag(|w|) instead of the operator C itself: the elementwise-normalized"
                    + " curvature, unchanged when one ReLU layer is scaled by a and the next by 1/a (docs/METHODS.md).")
    boolean scaleInvariant;

    @Option(names = "--seed", defaultValue = "0", paramLabel = "N",
            description = "Seed of batches and start vectors; same seed, same numbers. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--resume",
            description = "Reuse the finished pieces that an interrupted run with the same inputs and"
                    + " options saved in --out, and compute the rest.")
    boolean resume;

    /** The JSON name of the scope. */
    String scopeName() {
        return scope == HessianScope.MEAN ? "mean" : "per-batch";
    }

    /** Accepts the operators' labels, in any case. */
    static final class CurvatureConverter implements picocli.CommandLine.ITypeConverter<Curvature> {
        @Override
        public Curvature convert(String value) {
            Curvature curvature = Curvature.byLabel(value);
            if (curvature == null) {
                throw new picocli.CommandLine.TypeConversionException(
                        "expected one of " + Curvature.labels() + ", got '" + value + "'");
            }
            return curvature;
        }
    }

    /** Accepts per-batch and mean (any case). */
    static final class ScopeConverter implements picocli.CommandLine.ITypeConverter<HessianScope> {
        @Override
        public HessianScope convert(String value) {
            return switch (value.toLowerCase(java.util.Locale.ROOT)) {
                case "per-batch", "batch", "per_batch" -> HessianScope.PER_BATCH;
                case "mean" -> HessianScope.MEAN;
                default -> throw new picocli.CommandLine.TypeConversionException(
                        "expected per-batch or mean, got '" + value + "'");
            };
        }
    }
}
