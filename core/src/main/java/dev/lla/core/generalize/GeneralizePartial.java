package dev.lla.core.generalize;

import dev.lla.core.hesd.HesdPartial;
import java.util.List;

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

    /** Loss (sample mean) and correct predictions of a checkpoint on a dataset. */
    public record EvaluationPiece(int checkpoint, int dataset, double loss, long correct, int size) {}

    /** The SLQ pieces of a checkpoint on a dataset. */
    public record HessianPiece(int checkpoint, int dataset, HesdPartial partial) {}
}
