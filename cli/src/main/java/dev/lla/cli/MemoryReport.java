package dev.lla.cli;

import dev.lla.core.bench.ResidentMemory;
import dev.lla.core.data.Batch;
import dev.lla.core.hesd.HesdConfig;
import dev.lla.core.hesd.HesdMemory;
import dev.lla.core.memory.MemoryPlan;
import dev.lla.core.model.TrainableModel;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A run's memory plan as the command line shows it: checked before the work (a plan that does not
 * fit is a usage error), one line on stderr unless --quiet, and in the JSON {@code cost.memory}
 * next to the peak resident memory actually seen.
 */
final class MemoryReport {

    private final Optional<MemoryPlan> plan;
    /** Resident bytes before planning: the JVM, the libraries, the data and the loaded model. */
    private final long residentBefore;

    private MemoryReport(Optional<MemoryPlan> plan, long residentBefore) {
        this.plan = plan;
        this.residentBefore = residentBefore;
    }

    /** Plans the SLQ job of {@code config} on {@code model}; throws the one-line refusal when it cannot fit. */
    static MemoryReport check(HesdConfig config, boolean keepEigenvectors, boolean windowOption, long limitBytes,
            TrainableModel<?> model, List<Batch> batches, boolean quiet, PrintWriter err) {
        return of(() -> HesdMemory.check(config, keepEigenvectors, windowOption, limitBytes, model, batches), quiet,
                err);
    }

    /**
     * The plan {@code planner} makes (it throws the one-line refusal when the run cannot fit), shown
     * on stderr unless {@code quiet}.
     */
    static MemoryReport of(Supplier<Optional<MemoryPlan>> planner, boolean quiet, PrintWriter err) {
        long resident = ResidentMemory.kib();
        Optional<MemoryPlan> plan = planner.get();
        if (!quiet && plan.isPresent()) {
            err.println(plan.get().summary());
            err.flush();
        }
        return new MemoryReport(plan, resident < 0 ? -1 : resident * 1024);
    }

    /** The plan (each figure in bytes, total, available) and the resident memory before and at peak. */
    Map<String, Object> json() {
        Map<String, Object> map = new LinkedHashMap<>();
        plan.ifPresent(p -> {
            p.figures().forEach(f -> map.put(f.name() + "Bytes", f.bytes()));
            map.put("totalBytes", p.totalBytes());
            map.put("device", p.device().name());
            map.put("availableBytes", p.device().freeBytes());
            map.put("availableSource", p.device().freeSource());
            if (!p.device().sharesHost()) {
                map.put("hostAvailableBytes", p.hostAvailableBytes());
            } else if (residentBefore >= 0) {
                // The model's parameters were resident before the plan; everything else comes on top.
                long model = p.bytesOf("model");
                map.put("residentBeforeBytes", residentBefore);
                map.put("expectedPeakResidentBytes", residentBefore + p.totalBytes() - model);
            }
        });
        long peak = ResidentMemory.peakKib();
        map.put("peakResidentBytes", peak < 0 ? -1 : peak * 1024);
        return map;
    }

    /** {@code cost} with a {@code memory} object after its other fields. */
    Map<String, Object> withCost(Object cost) {
        @SuppressWarnings("unchecked")
        Map<String, Object> map = dev.lla.render.JsonDocuments.mapper().convertValue(cost, LinkedHashMap.class);
        map.put("memory", json());
        return map;
    }
}
