package dev.lla.core.hesd;

import dev.lla.core.LlaException;
import dev.lla.core.data.Batch;
import dev.lla.core.memory.AvailableMemory;
import dev.lla.core.memory.DeviceMemory;
import dev.lla.core.memory.MemoryPlan;
import dev.lla.core.memory.MemoryPlan.Figure;
import dev.lla.core.model.Curvature;
import dev.lla.core.model.ModelMode;
import dev.lla.core.model.ModelSize;
import dev.lla.core.model.TrainableModel;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The memory plan of a {@link HesdJob}: what its phases hold at their peak, counted from the
 * algorithms' own allocations, and refused at once when it will not fit.
 *
 * <p>Counted exactly, in parameter vectors of P scalars: the parameters and the vector space's
 * work buffer (2); the Lanczos phases, which run one after the other in one shared basis block
 * of the most rows any of them needs, beside the most work vectors any of them holds: an SLQ run
 * keeps {@code min(iterations, P)} basis rows (K with a window) plus its start and three work
 * vectors, the extreme-eigenvalue search {@code min(eigenIterations, P)} rows with full
 * re-orthogonalization plus {@code max(4, k + 3)} (start, three work vectors; then start, product
 * and k + 1 Ritz vectors), the trace 2 (and Hutch++ its sketch's rows); an HVP's result
 * before it is flattened and a projection's temporary (2); {@code D = diag(|w|)} and its product
 * (2, scale-invariant) and the partial sum of the mean Hessian (1). Batches kept on the device:
 * all of them up to the model's cache budget, plus the newest before the oldest is dropped.
 * With {@code --eigenvectors} the host holds k + 1 float32 Ritz vectors and their archive.
 *
 * <p>Estimated: the gradient graph of one batch, measured by building it once on the largest
 * batch ({@link TrainableModel#graphBytes}), times {@link #GRAPH_PEAK_FACTOR} for what a product's
 * backward pass allocates on top of it.
 */
public final class HesdMemory {

    /**
     * A product's peak over the graph it runs through: the backward pass through the retained
     * graph allocates gradients of the activations as it goes, and the allocator keeps freed
     * blocks. Measured on LeNet-BN (CPU, launcher's malloc settings) as the rise of peak RSS over
     * the graph held: 3.9 to 4.2 at batches 512 and 2048, after ~50 MB of Java heap growth that is
     * not planned; with 4 the plan still falls 15-23 % short of the RSS seen (README, Memory).
     */
    static final double GRAPH_PEAK_FACTOR = 4.0;

    /** Parameter vectors alive in every phase: an HVP's unflattened result, a projection's temporary. */
    private static final int PRODUCT_TEMPORARIES = 2;

    private HesdMemory() {}

    /**
     * Plans the job on {@code model} and refuses (usage error, one line) a plan that does not fit:
     * first with the exactly counted parts, so that an impossible basis stops before any graph is
     * built, then with the graph of the largest batch measured. Empty where the model's device
     * says nothing about memory.
     *
     * @param windowOption whether the command offers {@code --window} (hesd) as a way out
     * @param limitBytes plan against at most this much device memory; -1 for all that is free
     */
    public static Optional<MemoryPlan> check(HesdConfig config, boolean keepEigenvectors, boolean windowOption,
            long limitBytes, TrainableModel<?> model, List<Batch> batches) {
        long dimension = model.parameterSpace().dimension();
        return check(config, ritzVectors(config, keepEigenvectors, dimension), windowOption, limitBytes, model, batches);
    }

    /**
     * Plans an extreme-eigenvalue search of {@code topK} pairs alone, as {@code landscape --axes
     * hessian} and {@code lla track} run it (the mean Hessian when there are several batches), and
     * refuses it as {@link #check} does; the choices name {@code --eigen-iterations}.
     *
     * @param host what the command keeps of the eigenvectors on the host, beside the device's plan
     */
    public static Optional<MemoryPlan> checkSearch(int topK, int eigenIterations, ModelMode mode, Curvature curvature,
            boolean scaleInvariant, HostVectors host, long limitBytes, TrainableModel<?> model, List<Batch> batches) {
        HesdConfig search = searchConfig(topK, eigenIterations, mode, curvature, scaleInvariant, batches.size() > 1);
        return check(search, host, false, limitBytes, model, batches);
    }

    /**
     * As {@link #checkBeforeEngine}, for the extreme-eigenvalue search of {@link #checkSearch}:
     * counted for one batch (a mean Hessian's partial sum comes with the batches, checked later).
     */
    public static void checkSearchBeforeEngine(int topK, int eigenIterations, Curvature curvature,
            boolean scaleInvariant, HostVectors host, long limitBytes, ModelSize model) {
        refuseCounted(searchConfig(topK, eigenIterations, ModelMode.EVAL, curvature, scaleInvariant, false), host,
                false, limitBytes, model);
    }

    private static HesdConfig searchConfig(int topK, int eigenIterations, ModelMode mode, Curvature curvature,
            boolean scaleInvariant, boolean mean) {
        return new HesdConfig(1, 1, HesdConfig.Reorthogonalization.FULL, 0, topK, 0, 0.01, 1e-4, eigenIterations,
                mean ? HessianScope.MEAN : HessianScope.PER_BATCH, mode, 0, 2, 0.01, 1e-5, curvature, scaleInvariant);
    }

    /**
     * Refuses (usage error, one line) a job whose exactly counted parts, without its batches and
     * graph, already cannot fit on the model's device: the check a command makes from the
     * archive alone, before libtorch loads (about 0.7 s), so that an impossible basis is refused
     * at once. {@link #check} plans the whole job once the model is open.
     */
    public static void checkBeforeEngine(HesdConfig config, boolean keepEigenvectors, boolean windowOption,
            long limitBytes, ModelSize model) {
        refuseCounted(config, ritzVectors(config, keepEigenvectors, model.parameters()), windowOption, limitBytes,
                model);
    }

    private static void refuseCounted(HesdConfig config, HostVectors host, boolean windowOption, long limitBytes,
            ModelSize model) {
        long dimension = model.parameters();
        DeviceMemory device = model.device().atMost(limitBytes);
        MemoryPlan plan = plan(config, host, dimension, device, List.of(), -1, -1);
        if (!plan.fits()) {
            throw LlaException.usage(plan.refusalAtLeast(choices(config, dimension, plan, windowOption),
                    "graph and batches"));
        }
    }

    /** With {@code --eigenvectors}: k + 1 float32 Ritz vectors and their archive. */
    private static HostVectors ritzVectors(HesdConfig config, boolean keep, long dimension) {
        return keep ? new HostVectors(2L * (config.topK() + 1) * dimension * Float.BYTES, "host copies and archive")
                : HostVectors.NONE;
    }

    /** Host copies of eigenvectors that a command keeps: their bytes and what they are. */
    public record HostVectors(long bytes, String detail) {
        /** None kept. */
        public static final HostVectors NONE = new HostVectors(0, "");
    }

    private static Optional<MemoryPlan> check(HesdConfig config, HostVectors hostVectors, boolean windowOption,
            long limitBytes, TrainableModel<?> model, List<Batch> batches) {
        Optional<DeviceMemory> device = model.deviceMemory().map(d -> d.atMost(limitBytes));
        if (device.isEmpty() || batches.isEmpty()) {
            return Optional.empty();
        }
        long host = device.get().sharesHost() ? -1 : AvailableMemory.host().bytes();
        long dimension = model.parameterSpace().dimension();
        requireFits(plan(config, hostVectors, dimension, device.get(), batches, -1, host), config, dimension,
                windowOption);
        Batch largest = batches.stream().max(Comparator.comparingInt(Batch::size)).orElseThrow();
        long graph = model.graphBytes(largest, config.mode(), config.curvature());
        MemoryPlan plan = plan(config, hostVectors, dimension, device.get(), batches, graph, host);
        requireFits(plan, config, dimension, windowOption);
        return Optional.of(plan);
    }

    private static void requireFits(MemoryPlan plan, HesdConfig config, long dimension, boolean windowOption) {
        if (!plan.fits()) {
            throw LlaException.usage(plan.refusal(choices(config, dimension, plan, windowOption)));
        }
    }

    /**
     * The plan from its inputs alone.
     *
     * @param dimension P, the number of parameters analysed
     * @param graphBytes the measured graph of the largest batch, -1 when not (yet) measured
     * @param hostAvailable free host memory when the device has its own, else ignored
     */
    public static MemoryPlan plan(HesdConfig config, boolean keepEigenvectors, long dimension, DeviceMemory device,
            List<Batch> batches, long graphBytes, long hostAvailable) {
        return plan(config, ritzVectors(config, keepEigenvectors, dimension), dimension, device, batches, graphBytes, hostAvailable);
    }

    private static MemoryPlan plan(HesdConfig config, HostVectors hostVectors, long dimension, DeviceMemory device,
            List<Batch> batches, long graphBytes, long hostAvailable) {
        long vector = dimension * device.scalarBytes();
        Phase peak = peakPhase(config, dimension);
        int extra = PRODUCT_TEMPORARIES + (config.scaleInvariant() ? 2 : 0)
                + (config.scope() == HessianScope.MEAN ? 1 : 0);
        List<Figure> figures = new ArrayList<>();
        figures.add(new Figure("model", 2 * vector, "2 × " + count(dimension) + " parameters", false));
        figures.add(new Figure("basis", peak.basis * vector,
                peak.name + " " + count(peak.basis) + " × " + count(dimension) + " " + scalars(device), false));
        figures.add(new Figure("vectors", (peak.work + extra) * vector,
                (peak.work + extra) + " work vectors", false));
        figures.add(new Figure("graph", graphBytes < 0 ? 0 : Math.round(graphBytes * GRAPH_PEAK_FACTOR),
                graphBytes < 0 ? "" : "~" + GRAPH_PEAK_FACTOR_TEXT + " × " + MemoryPlan.bytes(graphBytes)
                        + " measured", false));
        figures.add(new Figure("batches", heldBatches(batches, device), "", false));
        figures.add(new Figure("eigenvectors", hostVectors.bytes(), hostVectors.detail(), true));
        return new MemoryPlan(figures, device, hostAvailable);
    }

    private static final String GRAPH_PEAK_FACTOR_TEXT = String.format(Locale.ROOT, "%.0f", GRAPH_PEAK_FACTOR);

    /** A Lanczos phase: its basis rows and other parameter vectors at its peak. */
    private record Phase(String name, long basis, long work) {}

    /**
     * The run's peak: the basis of the phase with the most rows (ties go to the earlier one: SLQ),
     * since one block of that many rows serves every phase in turn ({@link #basisRows}), and the
     * most work vectors any phase holds beside it.
     */
    static Phase peakPhase(HesdConfig config, long dimension) {
        List<Phase> phases = phases(config, dimension);
        Phase rows = phases.get(0);
        long work = 0;
        for (Phase phase : phases) {
            rows = phase.basis > rows.basis ? phase : rows;
            work = Math.max(work, phase.work);
        }
        return new Phase(rows.name, rows.basis, work);
    }

    /**
     * Rows of the one basis block the job's Lanczos phases share: reserved before the first
     * product ({@code VectorSpace.reserveBasis}), because a fresh block per run, freed at its
     * end, leaves holes in the C heap that the next, larger block cannot reuse (ResNet18: peak
     * resident memory 0.9 GB above the plan with an eigenvalue search of 20 rows and SLQ runs of
     * 25, on a par with it once the block is shared).
     */
    public static int basisRows(HesdConfig config, long dimension) {
        return (int) peakPhase(config, dimension).basis;
    }

    /** The phases the job runs, SLQ first: each one's basis rows and other parameter vectors. */
    private static List<Phase> phases(HesdConfig config, long dimension) {
        long slqRows = Math.min(dimension, config.window() > 0
                ? Math.min(config.window(), config.iterations()) : config.iterations());
        List<Phase> phases = new ArrayList<>(List.of(new Phase("SLQ", slqRows, 4)));
        if (config.topK() > 0) {
            phases.add(new Phase("extreme-eigenvalue search", Math.min(dimension, config.eigenIterations()),
                    Math.max(4, config.topK() + 3)));
        }
        if (config.traceSamples() > 0) {
            boolean sketch = config.traceMethod() == HesdConfig.TraceMethod.HUTCH_PLUS_PLUS;
            phases.add(new Phase("trace", sketch ? Math.min(dimension, config.effectiveTraceSketch()) : 0, 2));
        }
        return phases;
    }

    /**
     * The ways out, the most effective first: the options that shrink the largest Lanczos phase,
     * and a smaller batch (graph and batches), first when those outweigh the basis.
     */
    static List<String> choices(HesdConfig config, long dimension, MemoryPlan plan, boolean windowOption) {
        List<String> lanczos = new ArrayList<>();
        if (peakPhase(config, dimension).name.equals("extreme-eigenvalue search")) {
            lanczos.add("fewer --eigen-iterations");
        } else {
            if (windowOption && config.reorthogonalization() == HesdConfig.Reorthogonalization.FULL) {
                lanczos.add("--window K");
            }
            lanczos.add("fewer --iterations");
        }
        List<String> choices = new ArrayList<>();
        boolean batchFirst = plan.bytesOf("graph") + plan.bytesOf("batches") > plan.bytesOf("basis");
        if (batchFirst) {
            choices.add("a smaller --batch-size");
        }
        choices.addAll(lanczos);
        if (!batchFirst) {
            choices.add("a smaller --batch-size");
        }
        return choices;
    }

    /** Device bytes of the batches the model keeps there: all up to its budget, plus the newest. */
    static long heldBatches(List<Batch> batches, DeviceMemory device) {
        long all = 0;
        long largest = 0;
        for (Batch b : batches) {
            long bytes = (long) b.pixels().length * device.scalarBytes() + (long) b.labels().length * Long.BYTES;
            all += bytes;
            largest = Math.max(largest, bytes);
        }
        return Math.min(all, device.batchCacheBytes() + largest);
    }

    private static String scalars(DeviceMemory device) {
        return device.scalarBytes() == 4 ? "floats" : device.scalarBytes() == 8 ? "doubles" : "scalars";
    }

    private static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }
}
