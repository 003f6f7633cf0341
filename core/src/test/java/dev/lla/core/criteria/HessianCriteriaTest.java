package dev.lla.core.criteria;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lla.core.LlaException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The criteria on fixed nodes and weights, against values worked out by hand. */
class HessianCriteriaTest {

    private static final List<Double> HALF_AND_ONE = List.of(0.5, 1.0);

    @Test
    void mixedSpectrumByHand() {
        // θ = (−1, 2, 4), τ = (0.25, 0.25, 0.5): products |θ|τ = 0.25, 0.5, 2.
        RunCriteria c = HessianCriteria.of(0, 0, new double[] {-1, 2, 4}, new double[] {0.25, 0.25, 0.5}, HALF_AND_ONE);
        assertEquals(0.25, c.re(), 1e-15);
        assertEquals(-0.25, c.ct(), 1e-15);
        assertEquals("mainly positive", c.spectrumType());
        // KH1 = 0.25 / (0.5 + 2) = 0.1
        assertEquals(0.1, c.kh().get("1"), 1e-15);
        // KH0.5 = sqrt(0.25) / (sqrt(0.5) + sqrt(2)) = 0.5 / (3/√2) = √2/6
        assertEquals(Math.sqrt(2) / 6, c.kh().get("0.5"), 1e-15);
        assertTrue(c.undefined().isEmpty());
    }

    @Test
    void exponentAppliesToEachProductBeforeSumming() {
        // Two negative products 0.09 and 0.16: Σ sqrt = 0.3 + 0.4 = 0.7, not sqrt(0.25) = 0.5.
        RunCriteria c = HessianCriteria.of(0, 0, new double[] {-0.9, -0.4, 1}, new double[] {0.1, 0.4, 0.5},
                List.of(0.5));
        assertEquals(0.7 / Math.sqrt(0.5), c.kh().get("0.5"), 1e-14);
    }

    @Test
    void mainlyNegativeBelowMinusPointSix() {
        RunCriteria c = HessianCriteria.of(0, 0, new double[] {-3, 1, 2}, new double[] {0.2, 0.3, 0.5}, HALF_AND_ONE);
        assertEquals(-1.5, c.ct(), 1e-15);
        assertEquals(1.5, c.re(), 1e-15);
        assertEquals("mainly negative", c.spectrumType());
    }

    @Test
    void ctOfExactlyMinusPointSixIsMainlyPositive() {
        RunCriteria c = HessianCriteria.of(0, 0, new double[] {-0.6, 1}, new double[] {0.5, 0.5}, HALF_AND_ONE);
        assertEquals("mainly positive", c.spectrumType());
    }

    @Test
    void noNegativeNodeGivesZeroKh() {
        RunCriteria c = HessianCriteria.of(1, 2, new double[] {0.5, 3}, new double[] {0.5, 0.5}, HALF_AND_ONE);
        assertEquals(0.0, c.kh().get("0.5"));
        assertEquals(0.0, c.kh().get("1"));
        assertEquals(0.5 / 3, c.re(), 1e-15);
        assertTrue(c.undefined().isEmpty());
    }

    @Test
    void noPositiveNodeLeavesEverythingUndefinedWithTheReason() {
        RunCriteria c = HessianCriteria.of(0, 0, new double[] {-2, -1, 0}, new double[] {0.2, 0.3, 0.5}, HALF_AND_ONE);
        assertTrue(Double.isNaN(c.re()));
        assertTrue(Double.isNaN(c.ct()));
        assertTrue(Double.isNaN(c.kh().get("0.5")));
        assertNull(c.spectrumType());
        assertTrue(c.undefined().get("KH0.5").startsWith("no positive quadrature node"));
        assertTrue(c.undefined().containsKey("KH1"));
        assertTrue(c.undefined().containsKey("re"));
        assertTrue(c.undefined().containsKey("Ct"));
    }

    @Test
    void zeroNodesCountOnNeitherSide() {
        RunCriteria c = HessianCriteria.of(0, 0, new double[] {-1, 0, 1}, new double[] {0.25, 0.5, 0.25}, List.of(1.0));
        assertEquals(1.0, c.kh().get("1"), 1e-15);
    }

    @Test
    void exponentsMustBePositive() {
        for (List<Double> bad : List.of(List.<Double>of(), List.of(0.0), List.of(-1.0), List.of(Double.NaN))) {
            LlaException e = assertThrows(LlaException.class, () -> HessianCriteria.requireValidExponents(bad));
            assertEquals(LlaException.Kind.USAGE, e.kind());
        }
    }

    @Test
    void namesOfExponents() {
        assertEquals("KH0.5", HessianCriteria.khName(0.5));
        assertEquals("KH1", HessianCriteria.khName(1));
        assertEquals("2", HessianCriteria.formatN(2.0));
    }
}
