package dev.lla.core.generalize;

import dev.lla.core.criteria.CriteriaResult;
import dev.lla.core.hesd.HesdRun;
import dev.lla.core.model.Evaluation;

/**
 * One checkpoint measured on one dataset.
 *
 * @param checkpoint index in the series
 * @param dataset index of the dataset (0 is A)
 * @param evaluation loss and accuracy over the evaluation samples, in eval mode
 * @param criteria the Hessian criteria on the dataset's Hessian batches, with their spread
 * @param cost Hessian-vector products and seconds this run spent on the cell (0 when resumed)
 * @param undefined why the criteria are undefined (a non-finite loss at these weights), else null
 */
public record Cell(int checkpoint, int dataset, Evaluation evaluation, CriteriaResult criteria, HesdRun.Cost cost,
        String undefined) {}
