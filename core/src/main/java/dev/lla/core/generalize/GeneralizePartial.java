package dev.lla.core.generalize;

import dev.lla.core.hesd.HesdPartial;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The finished pieces of a generalization run, journaled as it goes: evaluations of finished
 * (checkpoint, dataset) cells and the SLQ pieces of each cell's criteria, finished or not. A
 * resumed run reuses them and gives the numbers of an uninterrupted one.
 *
 * @param fingerprint the inputs and options the pieces belong to
 * @param evaluations finished loss and accuracy evaluations
 * @param hessians the SLQ pieces of every cell started
 */
public record GeneralizePartial(String fingerprint, List<EvaluationPiece> evaluations, List<HessianPiece> hessians) {

    public GeneralizePartial {
        evaluations = List.copyOf(evaluations);
        hessians = List.copyOf(hessians);
    }

    public static GeneralizePartial empty(String fingerprint) {
        return new GeneralizePartial(fingerprint, List.of(), List.of());
    }

    /**
     * The cells of all {@code parts} (shards of one job, or the devices of one run) under
     * {@code fingerprint}. A cell is measured by one part; the others may hold an older state of
     * it resumed from the journal, so of each cell's SLQ pieces the most complete is kept.
     */
    public static GeneralizePartial union(String fingerprint, List<GeneralizePartial> parts) {
        Map<List<Integer>, EvaluationPiece> evaluations = new LinkedHashMap<>();
        Map<List<Integer>, HessianPiece> hessians = new LinkedHashMap<>();
        for (GeneralizePartial part : parts) {
            part.evaluations().forEach(e -> evaluations.putIfAbsent(List.of(e.checkpoint(), e.dataset()), e));
            for (HessianPiece h : part.hessians()) {
                hessians.merge(List.of(h.checkpoint(), h.dataset()), h,
                        (old, now) -> now.partial().pieces() > old.partial().pieces() ? now : old);
            }
        }
        return new GeneralizePartial(fingerprint, new ArrayList<>(evaluations.values()),
                new ArrayList<>(hessians.values()));
    }

    /** Loss (sample mean) and correct predictions of a checkpoint on a dataset. */
    public record EvaluationPiece(int checkpoint, int dataset, double loss, long correct, int size) {}

    /** The SLQ pieces of a checkpoint on a dataset. */
    public record HessianPiece(int checkpoint, int dataset, HesdPartial partial) {}
}
