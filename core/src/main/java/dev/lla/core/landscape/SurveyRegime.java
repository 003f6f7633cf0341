package dev.lla.core.landscape;

import dev.lla.core.model.ModelMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One cell of the paper's Table 1 regime matrix: BatchNorm mode × axes × normalization.
 *
 * @param mode BatchNorm statistics of every evaluation
 * @param hessianAxes Hessian eigenvectors (true) or seeded random directions (false)
 * @param normalization scaling of the directions against the weights
 */
public record SurveyRegime(ModelMode mode, boolean hessianAxes, DirectionNormalization normalization) {

    /** The normalizations of the survey, the table's rows. */
    public static final List<DirectionNormalization> NORMALIZATIONS = List.of(DirectionNormalization.WEIGHT,
            DirectionNormalization.FILTER, DirectionNormalization.LAYER, DirectionNormalization.MODEL);

    /** The 16 regimes, mode by mode (train, eval), then axes (random, hessian), then normalization. */
    public static List<SurveyRegime> all() {
        List<SurveyRegime> regimes = new ArrayList<>();
        for (ModelMode mode : new ModelMode[] {ModelMode.TRAIN, ModelMode.EVAL}) {
            for (boolean hessian : new boolean[] {false, true}) {
                for (DirectionNormalization normalization : NORMALIZATIONS) {
                    regimes.add(new SurveyRegime(mode, hessian, normalization));
                }
            }
        }
        return List.copyOf(regimes);
    }

    public String modeLabel() {
        return mode.name().toLowerCase(Locale.ROOT);
    }

    public String axesLabel() {
        return hessianAxes ? "hessian" : "random";
    }

    /** {@code mode-axes-normalization}, e.g. {@code train-random-filter}, for file names and fingerprints. */
    public String label() {
        return modeLabel() + "-" + axesLabel() + "-" + normalization.label();
    }
}
