package dev.lla.cli;

import dev.lla.core.Versions;
import dev.lla.core.data.Batch;
import dev.lla.core.landscape.AdamAxes;
import dev.lla.core.landscape.Directions;
import dev.lla.core.landscape.DirectionsFile;
import dev.lla.core.landscape.HessianAxes;
import dev.lla.core.landscape.LandscapeConfig;
import dev.lla.core.landscape.ModelAxes;
import dev.lla.core.model.ParameterInfo;
import dev.lla.core.model.TrainableModel;
import dev.lla.render.JsonDocuments;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Makes a landscape's directions for each kind of axes (random, hessian, adam, models, file) and
 * keeps the final ones as {@code directions.npz} bytes, to be written with the results.
 */
final class AxisSource {

    private final String kind;
    private final AxesOptions options;
    private final HessianAxes.Pair pair;
    private final String device;
    private final Map<String, Object> description;
    private final PrintWriter planOut;
    private MemoryReport memory;
    private byte[] savedNpz;
    private Long adamStep;

    /**
     * @param description what the metadata of the saved file says besides the parameters (kind,
     *     coordinates, seed, normalization, sources)
     * @param planOut where the memory plan of Hessian axes is shown; null: not shown (--quiet, or
     *     another device's lane)
     */
    AxisSource(String kind, AxesOptions options, HessianAxes.Pair pair, String device, Map<String, Object> description,
            PrintWriter planOut) {
        this.kind = kind;
        this.planOut = planOut;
        this.options = options;
        this.pair = pair;
        this.device = device;
        this.description = description;
    }

    /** The directions from the original weights, made once per run (before the grid). */
    <V> Function<V, Directions<V>> directions(TrainableModel<V> model, Inputs inputs, LandscapeConfig config) {
        Function<V, Directions<V>> make = switch (kind) {
            case "hessian" -> w0 -> {
                Batch first = inputs.batches().get(0);
                memory = MemoryReport.of(() -> HessianAxes.plan(model, first, options.hessianOperator(), config.mode(),
                        options.eigenIterations(), options.memoryLimitBytes()), planOut == null, planOut);
                return HessianAxes.of(model, first, pair, options.hessianOperator(), w0, config,
                        options.eigenIterations());
            };
            case "adam" -> w0 -> {
                AdamAxes.Moments moments = AdamAxes.read(options.moments, model.parameters());
                adamStep = moments.step();
                return options.adameq() ? AdamAxes.adameq(model, moments) : AdamAxes.linear(model, moments, w0, config);
            };
            case "models" -> w0 -> ModelAxes.of(model, options.to, device, w0, config);
            case "file" -> w0 -> DirectionsFile.directions(model,
                    DirectionsFile.read(options.directions, model.parameters()), w0, config);
            default -> w0 -> Directions.random(model.parameterSpace(), model.tensorwise(), w0, config);
        };
        return w0 -> {
            Directions<V> pair = make.apply(w0);
            try {
                savedNpz = DirectionsFile.toBytes(model, pair, metadata(model.parameters()));
            } catch (RuntimeException e) {
                pair.release(model.parameterSpace());
                throw e;
            }
            return pair;
        };
    }

    /** The final directions as {@code directions.npz} bytes; after the run. */
    byte[] savedNpz() {
        return savedNpz;
    }

    /** The memory plan of the eigenvector search (Hessian axes, after the run), else null. */
    MemoryReport memory() {
        return memory;
    }

    /** Adam's step count from the moments file, if it has one. */
    Long adamStep() {
        return adamStep;
    }

    private byte[] metadata(List<ParameterInfo> parameters) {
        Map<String, Object> m = new LinkedHashMap<>(description);
        m.put("parameters", parameters.stream().map(AxisSource::describe).toList());
        m.put("lla", Versions.lla());
        return JsonDocuments.toJson(m).getBytes(StandardCharsets.UTF_8);
    }

    private static Map<String, Object> describe(ParameterInfo p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("shape", p.shape());
        return m;
    }

    /** Paths as strings for JSON. */
    static List<String> names(List<Path> files) {
        return files.stream().map(Path::toString).toList();
    }
}
