package dev.lla.core.criteria;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Pooling per-run criteria: statistics of the defined values, undefined ones counted with reasons. */
class CriteriaSummaryTest {

    @Test
    void statisticsOverRunsSkipUndefinedValuesAndCountThem() {
        List<Double> n = List.of(1.0);
        List<RunCriteria> runs = List.of(
                HessianCriteria.of(0, 0, new double[] {-1, 4}, new double[] {0.5, 0.5}, n), // KH1 0.25
                HessianCriteria.of(0, 1, new double[] {-2, 4}, new double[] {0.5, 0.5}, n), // KH1 0.5
                HessianCriteria.of(1, 0, new double[] {-3, 4}, new double[] {0.5, 0.5}, n), // KH1 0.75
                HessianCriteria.of(1, 1, new double[] {-3, -1}, new double[] {0.5, 0.5}, n)); // undefined
        CriteriaSummary s = CriteriaSummary.of(runs, n);
        CriterionStats kh1 = s.kh().get("1");
        assertEquals(0.5, kh1.mean(), 1e-15);
        assertEquals(0.25, kh1.std(), 1e-15); // sample std of 0.25, 0.5, 0.75
        // Batch means 0.375 (batch 0) and 0.75 (batch 1, one defined run): std 0.265, over √2.
        assertEquals(Math.sqrt(2 * 0.1875 * 0.1875) / Math.sqrt(2), kh1.standardError(), 1e-15);
        assertEquals(0.25, kh1.min());
        assertEquals(0.75, kh1.max());
        assertEquals(1, kh1.undefined());
        assertEquals(3, kh1.defined());
        assertTrue(Double.isNaN(kh1.values()[3]));
        assertArrayEquals(new double[] {0.25, 0.5, 0.75}, java.util.Arrays.copyOf(kh1.values(), 3));
        assertEquals(Map.of("no positive quadrature node", 1), kh1.reasons());
        // Ct = −0.25, −0.5, −0.75: the last is below −0.6; their mean −0.5 is not.
        assertEquals(Map.of("mainly positive", 2, "mainly negative", 1), s.spectrumTypes());
        assertEquals("mainly positive", s.spectrumType());
    }

    @Test
    void oneBatchStandardErrorIsStdOverRootN() {
        List<Double> n = List.of(1.0);
        CriteriaSummary s = CriteriaSummary.of(List.of(
                HessianCriteria.of(0, 0, new double[] {-1, 4}, new double[] {0.5, 0.5}, n),
                HessianCriteria.of(0, 1, new double[] {-3, 4}, new double[] {0.5, 0.5}, n)), n);
        CriterionStats kh1 = s.kh().get("1");
        assertEquals(kh1.std() / Math.sqrt(2), kh1.standardError(), 1e-15);
    }

    @Test
    void allUndefinedGivesUndefinedSummary() {
        List<Double> n = List.of(0.5);
        CriteriaSummary s = CriteriaSummary.of(
                List.of(HessianCriteria.of(0, 0, new double[] {-1}, new double[] {1}, n)), n);
        assertTrue(Double.isNaN(s.kh().get("0.5").mean()));
        assertTrue(Double.isNaN(s.re().std()));
        assertEquals(1, s.ct().undefined());
        assertEquals(null, s.spectrumType());
    }
}
