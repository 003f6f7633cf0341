package dev.lla.core.criteria;

import dev.lla.core.hesd.HesdResult.BatchSummary;

/**
 * Criteria of a model on some batches.
 *
 * @param batches the batches with the model's loss and accuracy on each
 * @param criteria every criterion per run and summarised
 */
public record CriteriaResult(java.util.List<BatchSummary> batches, CriteriaSummary criteria) {}
