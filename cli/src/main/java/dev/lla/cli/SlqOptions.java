package dev.lla.cli;

import dev.lla.core.hesd.HesdConfig;
import dev.lla.core.hesd.HesdMemory;
import dev.lla.core.hesd.HessianScope;
import dev.lla.core.model.Curvature;
import dev.lla.core.model.Models;
import java.nio.file.Path;
import java.util.function.Predicate;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

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

    @Spec(Spec.Target.MIXEE) CommandSpec spec;

    /** The curvature matrix analysed (the Hessian while {@link #allOperators} is set). */
    Curvature operator = Curvature.HESSIAN;

    /** {@code --operator all}: hesd analyses H, G and NME one after the other and overlays them. */
    boolean allOperators;

    @Option(names = "--operator", defaultValue = "hessian", paramLabel = "hessian|gauss-newton|nme|all",
            description = "The curvature matrix analysed: the Hessian H, the Gauss-Newton matrix G = JᵀH_zJ"
                    + " or the nonlinear modelling error NME = H - G (docs/METHODS.md); all (hesd only): each of"
                    + " the three, with their densities overlaid in hesd.png. Default: ${DEFAULT-VALUE}.")
    void operator(String value) {
        if (value.equalsIgnoreCase("all")) {
            allOperators = true;
            operator = Curvature.HESSIAN;
            return;
        }
        Curvature curvature = Curvature.byLabel(value);
        if (curvature == null) {
            throw new ParameterException(spec.commandLine(), "Invalid value for option '--operator': expected one of "
                    + Curvature.labels() + " or all, got '" + value + "'");
        }
        allOperators = false;
        operator = curvature;
    }

    /** Refuses {@code --operator all} in a command that analyses one operator. */
    void refuseAllOperators(String command) {
        if (allOperators) {
            throw new ParameterException(spec.commandLine(), "--operator all is for hesd only; " + command
                    + " analyses one of " + Curvature.labels() + " per run");
        }
    }

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

    @Option(names = "--memory", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Plan the run against at most SIZE of memory (e.g. 8G, 512M; decimal units, KiB/MiB/GiB"
                    + " binary) instead of all that the device has free, e.g. on a machine shared with others."
                    + " Does not change the numbers.")
    Long memoryLimit;

    /** The --memory limit in bytes, -1 when not given. */
    long memoryLimitBytes() {
        return SizeConverter.bytesOrNone(memoryLimit);
    }

    /**
     * Before libtorch loads: refuses a run of {@code config} whose basis for {@code model} cannot
     * fit, counted from the model's archive alone (README, Memory). Does nothing where the archive
     * cannot tell (ONNX, a GPU, an archive the count is unsure of); the plan on the open model
     * checks again. Start the engine load only after this: a process cannot exit during it.
     */
    void refuseBeforeEngine(HesdConfig config, boolean keepEigenvectors, boolean windowOption, Path model,
            String device, Predicate<String> include) {
        Models.sizeBeforeEngine(model, device, include).ifPresent(size -> HesdMemory.checkBeforeEngine(config,
                keepEigenvectors, windowOption, memoryLimitBytes(), size));
    }

    /** Reads a size such as {@code 8G}, {@code 1.5GB}, {@code 512MiB} or {@code 1000000} (bytes). */
    static final class SizeConverter implements picocli.CommandLine.ITypeConverter<Long> {

        /** A --memory option's bytes, -1 when it was not given. */
        static long bytesOrNone(Long size) {
            return size == null ? -1 : size;
        }

        private static final java.util.regex.Pattern SIZE = java.util.regex.Pattern.compile(
                "(\\d+(?:\\.\\d+)?)\\s*([kmgt]?)(i?)b?", java.util.regex.Pattern.CASE_INSENSITIVE);

        @Override
        public Long convert(String value) {
            java.util.regex.Matcher m = SIZE.matcher(value.trim());
            if (!m.matches() || (!m.group(3).isEmpty() && m.group(2).isEmpty())) {
                throw new picocli.CommandLine.TypeConversionException(
                        "expected a size such as 8G, 512M or 1.5GB, got '" + value + "'");
            }
            int power = "kmgt".indexOf(Character.toLowerCase(m.group(2).isEmpty() ? ' ' : m.group(2).charAt(0))) + 1;
            double base = m.group(3).isEmpty() ? 1000 : 1024;
            double bytes = Double.parseDouble(m.group(1)) * Math.pow(base, power);
            if (!(bytes >= 1) || bytes > Long.MAX_VALUE) {
                throw new picocli.CommandLine.TypeConversionException("--memory must be at least 1 byte, got '"
                        + value + "'");
            }
            return (long) bytes;
        }
    }

    /** The JSON name of the scope. */
    String scopeName() {
        return scope == HessianScope.MEAN ? "mean" : "per-batch";
    }

    /** Accepts the operators' labels, in any case (landscape's --operator, which has no "all"). */
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
