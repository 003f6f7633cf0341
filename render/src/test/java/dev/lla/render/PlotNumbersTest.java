package dev.lla.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Numbers in figures: plain decimals for ordinary values, words for values that are not numbers. */
class PlotNumbersTest {

    @Test
    void significantDigitsWithoutTrailingZeros() {
        assertEquals("0.1702", PlotNumbers.of(0.170213, 4));
        assertEquals("-0.0271", PlotNumbers.of(-0.0271, 4));
        assertEquals("0.0003", PlotNumbers.of(3e-4, 4));
        assertEquals("3e-05", PlotNumbers.of(3e-5, 4));
        assertEquals("1.235e+07", PlotNumbers.of(12345678, 4));
        assertEquals("0", PlotNumbers.of(0, 4));
    }

    @Test
    void notANumberAndInfinityInWords() {
        assertEquals("n/a", PlotNumbers.of(Double.NaN, 4));
        assertEquals("∞", PlotNumbers.of(Double.POSITIVE_INFINITY, 4));
        assertEquals("-∞", PlotNumbers.of(Double.NEGATIVE_INFINITY, 4));
    }

    @Test
    void meanToTheDecimalPlaceOfTwoDigitsOfStd() {
        assertEquals("0.170 ± 0.020", PlotNumbers.meanStd(0.17021, 0.0198));
        assertEquals("0.95 ± 0.30", PlotNumbers.meanStd(0.9512, 0.3));
        assertEquals("-0.0271 ± 0.0014", PlotNumbers.meanStd(-0.02712, 0.00142));
        assertEquals("0.2 ± n/a", PlotNumbers.meanStd(0.2, Double.NaN));
        assertEquals("0.2 ± 0", PlotNumbers.meanStd(0.2, 0));
        assertEquals("2.517e-06 ± 1.3e-06", PlotNumbers.meanStd(2.5171e-6, 1.3e-6));
        assertEquals("n/a ± n/a", PlotNumbers.meanStd(Double.NaN, Double.NaN));
    }

    @Test
    void tickLabelsArePlainAndNeverMinusZero() {
        Function<Double, String> ticks = PlotNumbers.ticks(-0.005, 0.055);
        assertEquals("0.05", ticks.apply(0.05));
        assertEquals("0.005", ticks.apply(0.005));
        assertEquals("0", ticks.apply(-1e-18));
        assertEquals("-0.01", ticks.apply(-0.01));
        assertEquals("0.3", PlotNumbers.ticks(-0.65, 0.05).apply(0.30000000000000004));
        assertEquals("", ticks.apply(Double.NaN));
    }
}
