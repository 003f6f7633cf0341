package dev.lla.core.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Pearson and Spearman on data whose coefficients are worked out by hand. */
class CorrelationsTest {

    private static final double[] X = {1, 2, 3, 4, 5};
    private static final double[] Y = {2, 4, 5, 4, 5};

    @Test
    void pearsonOfAHandWorkedExample() {
        // x̄ = 3, ȳ = 4: Σdxdy = 6, Σdx² = 10, Σdy² = 6, so r = 6/√60
        Correlation r = Correlations.pearson(X, Y);
        assertEquals(6 / Math.sqrt(60), r.value(), 1e-15);
        assertEquals(5, r.n());
        assertTrue(r.defined());
    }

    @Test
    void spearmanGivesTiesTheirAverageRank() {
        // ranks of y: 2 → 1, the two 4s → 2.5, the two 5s → 4.5; r of ranks = 7/√90
        assertArrayEquals(new double[] {1, 2.5, 4.5, 2.5, 4.5}, Correlations.ranks(Y), 0);
        assertEquals(7 / Math.sqrt(90), Correlations.spearman(X, Y).value(), 1e-15);
    }

    @Test
    void ranksOfDistinctAndAllTiedValues() {
        assertArrayEquals(new double[] {3, 1, 2}, Correlations.ranks(new double[] {0.5, -2, 0}), 0);
        assertArrayEquals(new double[] {2, 2, 2}, Correlations.ranks(new double[] {7, 7, 7}), 0);
    }

    @Test
    void perfectLinearRelationsArePlusAndMinusOne() {
        double[] up = {0.1, 0.4, 0.7, 1.6};
        double[] line = {-3, -1.5, 0, 4.5}; // 5x − 3.5
        double[] down = {1.7, 0.8, -0.1, -2.8}; // 2 − 3x
        assertEquals(1, Correlations.pearson(up, line).value(), 1e-15);
        assertEquals(-1, Correlations.pearson(up, down).value(), 1e-15);
        assertEquals(1, Correlations.spearman(up, line).value(), 1e-15);
        assertEquals(-1, Correlations.spearman(up, down).value(), 1e-15);
    }

    @Test
    void spearmanIsOneForAMonotoneButCurvedRelation() {
        double[] x = {1, 2, 3, 4, 5};
        double[] cubed = {1, 8, 27, 64, 125};
        assertEquals(1, Correlations.spearman(x, cubed).value(), 1e-15);
        assertTrue(Correlations.pearson(x, cubed).value() < 0.99);
    }

    @Test
    void constantInputIsUndefinedWithTheReason() {
        Correlation r = Correlations.pearson(X, new double[] {2, 2, 2, 2, 2});
        assertFalse(r.defined());
        assertTrue(Double.isNaN(r.value()));
        assertTrue(r.undefined().contains("zero variance"), r.undefined());
        assertTrue(r.undefined().contains("second"), r.undefined());
        assertFalse(Correlations.spearman(new double[] {1, 1, 1}, new double[] {1, 2, 3}).defined());
    }

    @Test
    void fewerThanThreePairsAreUndefined() {
        Correlation r = Correlations.spearman(new double[] {1, 2}, new double[] {3, 1});
        assertFalse(r.defined());
        assertTrue(r.undefined().contains("fewer than 3 pairs (2)"), r.undefined());
        assertFalse(Correlations.pearson(new double[0], new double[0]).defined());
    }

    @Test
    void aNonFiniteValueMakesItUndefinedRatherThanDroppingThePair() {
        Correlation r = Correlations.pearson(new double[] {1, 2, Double.NaN, 4}, new double[] {1, 2, 3, 5});
        assertFalse(r.defined());
        assertEquals("1 of 4 pairs have an undefined value", r.undefined());
        assertFalse(Correlations.spearman(new double[] {1, 2, 3}, new double[] {1, Double.POSITIVE_INFINITY, 3})
                .defined());
    }
}
