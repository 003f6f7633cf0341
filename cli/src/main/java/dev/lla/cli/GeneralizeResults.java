package dev.lla.cli;

import dev.lla.core.criteria.CriteriaSummary;
import dev.lla.core.generalize.Cell;
import dev.lla.core.generalize.Checkpoint;
import dev.lla.core.generalize.DatasetCompatibility;
import dev.lla.core.generalize.GeneralizeResult;
import dev.lla.core.generalize.SeriesComparison;
import dev.lla.core.generalize.SeriesDataset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The results and cost of {@code lla generalize} in the JSON layout documented in the README. */
final class GeneralizeResults {

    private GeneralizeResults() {}

    static Map<String, Object> of(GeneralizeResult result, List<SeriesDataset> datasets, List<TargetOptions> targets,
            DataOptions data) {
        Map<String, Object> map = new LinkedHashMap<>();
        List<Map<String, Object>> checkpoints = new ArrayList<>();
        for (Checkpoint c : result.series()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("index", c.index());
            entry.put("epoch", c.epoch());
            entry.put("model", c.model().toString());
            checkpoints.add(entry);
        }
        map.put("checkpoints", checkpoints);
        List<Map<String, Object>> sets = new ArrayList<>();
        for (int d = 0; d < datasets.size(); d++) {
            SeriesDataset s = datasets.get(d);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("name", s.name());
            entry.put("role", d == 0 ? "A" : "B");
            entry.put("data", d == 0 ? data.data.toString() : targets.get(d - 1).data.toString());
            entry.put("split", d == 0 ? data.split.label() : targets.get(d - 1).split().label());
            entry.put("samples", s.dataset().size());
            entry.put("classes", DatasetCompatibility.classes(s.dataset()));
            if (!s.dataset().classNames().isEmpty()) {
                entry.put("classNames", s.dataset().classNames());
            }
            entry.put("labelMap", d == 0 ? null : targets.get(d - 1).labelMap);
            entry.put("evaluatedSamples", s.evaluatedSamples());
            entry.put("hessianBatches", s.hessianBatches().size());
            entry.put("description", s.dataset().description());
            sets.add(entry);
        }
        map.put("datasets", sets);
        List<Map<String, Object>> cells = new ArrayList<>();
        for (Cell cell : result.cells()) {
            Checkpoint c = result.series().get(cell.checkpoint());
            CriteriaSummary criteria = cell.criteria().criteria();
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("checkpoint", cell.checkpoint());
            entry.put("epoch", c.epoch());
            entry.put("dataset", result.datasets().get(cell.dataset()));
            entry.put("loss", cell.evaluation().loss());
            entry.put("accuracy", cell.evaluation().accuracy());
            entry.put("correct", cell.evaluation().correct());
            entry.put("samples", cell.evaluation().size());
            entry.put("kh", criteria.kh());
            entry.put("re", criteria.re());
            entry.put("ct", criteria.ct());
            entry.put("spectrumType", criteria.spectrumType());
            entry.put("hessianBatches", cell.criteria().batches());
            entry.put("criteriaUndefined", cell.undefined());
            cells.add(entry);
        }
        map.put("cells", cells);
        Map<String, Object> deltas = new LinkedHashMap<>();
        Map<String, Object> correlations = new LinkedHashMap<>();
        for (SeriesComparison comparison : result.comparisons()) {
            deltas.put(comparison.target(), comparison.deltas());
            correlations.put(comparison.target(), comparison.correlations());
        }
        map.put("deltas", deltas);
        map.put("correlations", correlations);
        return map;
    }

    static Map<String, Object> cost(List<Cell> cells) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("hvps", cells.stream().mapToLong(c -> c.cost().hvps()).sum());
        map.put("hvpSeconds", cells.stream().mapToDouble(c -> c.cost().hvpSeconds()).sum());
        map.put("wallSeconds", cells.stream().mapToDouble(c -> c.cost().wallSeconds()).sum());
        return map;
    }
}
