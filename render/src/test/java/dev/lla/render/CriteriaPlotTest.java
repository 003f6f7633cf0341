package dev.lla.render;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lla.core.criteria.CriteriaComparison;
import dev.lla.core.criteria.CriteriaSummary;
import dev.lla.core.criteria.CriterionStats;
import dev.lla.core.criteria.HessianCriteria;
import dev.lla.core.criteria.RunCriteria;
import java.awt.Dimension;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The criteria figures decode as PNG of the size the layout promises, with the runs drawn in every
 * panel that has defined values and no crash on undefined, single or non-finite values.
 */
class CriteriaPlotTest {

    private static final List<Double> EXPONENTS = List.of(0.5, 1.0);
    /** re, KH0.5, KH1, Ct. */
    private static final int PANELS = 4;

    @TempDir Path temp;

    /** Nodes {−r, 1} with weights giving KH1 = r·w/(1 − w); re = r, Ct = −r. */
    private static RunCriteria run(Integer batch, int run, double r, double w) {
        return HessianCriteria.of(batch, run, new double[] {-r, 1}, new double[] {w, 1 - w}, EXPONENTS);
    }

    /** No positive node: re, every KH_n and Ct undefined. */
    private static RunCriteria negativeOnly(Integer batch, int run) {
        return HessianCriteria.of(batch, run, new double[] {-2, -1}, new double[] {0.5, 0.5}, EXPONENTS);
    }

    /** Two batches of three runs and one run without positive nodes. */
    private static CriteriaSummary trained() {
        List<RunCriteria> runs = new ArrayList<>();
        for (int batch = 0; batch < 2; batch++) {
            for (int r = 0; r < 3; r++) {
                runs.add(run(batch, r, 0.02 + 0.01 * r + 0.005 * batch, 0.5 + 0.05 * r));
            }
        }
        runs.add(negativeOnly(1, 3));
        return CriteriaSummary.of(runs, EXPONENTS);
    }

    private static CriteriaSummary init() {
        List<RunCriteria> runs = new ArrayList<>();
        for (int batch = 0; batch < 2; batch++) {
            for (int r = 0; r < 4; r++) {
                runs.add(run(batch, r, 0.8 + 0.03 * r - 0.02 * batch, 0.45 + 0.02 * r));
            }
        }
        return CriteriaSummary.of(runs, EXPONENTS);
    }

    @Test
    void summaryHasOnePanelPerCriterionWithTheRunsDrawnInEach() throws IOException {
        CriteriaSummary summary = trained();
        assertEquals(1, summary.re().undefined());
        BufferedImage image = decode(CriteriaPlot.png("trained", summary));
        assertSize(PANELS, image);
        for (int i = 0; i < PANELS; i++) {
            Rectangle panel = PanelFigure.panelBounds(i, PANELS);
            assertTrue(count(image, panel, CriteriaPlotTest::notWhite) > 500, "panel " + i + " is blank");
            assertTrue(count(image, panel, CriteriaPlotTest::blue) > 50, "panel " + i + " has no run drawn");
        }
    }

    @Test
    void panelsFollowTheExponentsAsked() throws IOException {
        List<Double> three = List.of(0.5, 1.0, 2.0);
        CriteriaSummary summary = CriteriaSummary.of(List.of(
                HessianCriteria.of(0, 0, new double[] {-0.1, 1}, new double[] {0.4, 0.6}, three),
                HessianCriteria.of(0, 1, new double[] {-0.2, 1}, new double[] {0.4, 0.6}, three)), three);
        BufferedImage image = decode(CriteriaPlot.png("three exponents", summary));
        assertSize(5, image);
        for (int i = 0; i < 5; i++) {
            assertTrue(count(image, PanelFigure.panelBounds(i, 5), CriteriaPlotTest::blue) > 20, "panel " + i);
        }
    }

    @Test
    void allUndefinedPanelsSayItInWordsAndDrawNoRuns() throws IOException {
        CriteriaSummary summary = CriteriaSummary.of(List.of(negativeOnly(0, 0), negativeOnly(0, 1)), EXPONENTS);
        assertEquals(2, summary.ct().undefined());
        BufferedImage image = decode(CriteriaPlot.png("all undefined", summary));
        assertSize(PANELS, image);
        for (int i = 0; i < PANELS; i++) {
            Rectangle panel = PanelFigure.panelBounds(i, PANELS);
            assertTrue(count(image, panel, CriteriaPlotTest::notWhite) > 200, "panel " + i + " is blank");
            assertEquals(0, count(image, panel, CriteriaPlotTest::blue), "panel " + i + " draws a run");
        }
    }

    @Test
    void singleRunOfTheMeanHessianHasNoStdAndStillRenders() throws IOException {
        CriteriaSummary summary = CriteriaSummary.of(List.of(run(null, 0, 0.2, 0.3)), EXPONENTS);
        assertTrue(Double.isNaN(summary.kh().get("0.5").std()));
        BufferedImage image = decode(CriteriaPlot.png("one run", summary));
        assertSize(PANELS, image);
        for (int i = 0; i < PANELS; i++) {
            assertTrue(count(image, PanelFigure.panelBounds(i, PANELS), CriteriaPlotTest::blue) > 20, "panel " + i);
        }
    }

    @Test
    void noRunsAtAllRenders() throws IOException {
        CriteriaSummary empty = CriteriaSummary.of(List.of(), EXPONENTS);
        assertSize(PANELS, decode(CriteriaPlot.png("no runs", empty)));
        assertSize(PANELS, decode(CriteriaPlot.png("no runs", "a", empty, "b", empty,
                CriteriaComparison.of(empty, empty))));
    }

    /** Infinite values, values whose differences overflow, NaN statistics: drawn where possible. */
    @Test
    void nonFiniteAndExtremeValuesDoNotBreakTheRenderer() throws IOException {
        List<double[]> cases = List.of(
                new double[] {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NaN},
                new double[] {0.5, Double.POSITIVE_INFINITY, Double.NaN, 0.25},
                new double[] {1e300, -1e300, Double.MAX_VALUE, -Double.MAX_VALUE},
                new double[] {Double.MIN_VALUE, Double.MIN_VALUE},
                new double[] {1e-11, 2e-11, 1.5e-11},
                new double[] {0, 0, 0},
                new double[] {7, 7},
                new double[] {});
        for (double[] values : cases) {
            CriterionStats stats = CriterionStats.of(values, new Integer[values.length], List.of());
            CriteriaSummary summary = new CriteriaSummary(stats, Map.of("1", stats), stats, null, Map.of(), List.of());
            String name = Arrays.toString(values);
            assertSize(3, decode(CriteriaPlot.png(name, summary)));
            CriteriaSummary other = trainedWithOneExponent();
            assertSize(3, decode(CriteriaPlot.png(name, "a", summary, "b", other, CriteriaComparison.of(summary, other))));
        }
    }

    @Test
    void comparisonDrawsBothAnalysesInEveryPanel() throws IOException {
        CriteriaSummary a = init();
        CriteriaSummary b = trained();
        CriteriaComparison comparison = CriteriaComparison.of(a, b);
        assertTrue(comparison.rows().get(1).exceedsSpread());
        BufferedImage image = decode(CriteriaPlot.png("init vs trained", "init", a, "trained", b, comparison));
        assertSize(PANELS, image);
        for (int i = 0; i < PANELS; i++) {
            Rectangle panel = PanelFigure.panelBounds(i, PANELS);
            assertTrue(count(image, panel, CriteriaPlotTest::blue) > 50, "panel " + i + " lacks A");
            assertTrue(count(image, panel, CriteriaPlotTest::orange) > 50, "panel " + i + " lacks B");
        }
    }

    @Test
    void comparisonWithAnAllUndefinedSideDrawsTheOther() throws IOException {
        CriteriaSummary a = CriteriaSummary.of(List.of(run(0, 0, 0.3, 0.4)), EXPONENTS);
        CriteriaSummary b = CriteriaSummary.of(List.of(negativeOnly(0, 0), negativeOnly(1, 0)), EXPONENTS);
        BufferedImage image = decode(CriteriaPlot.png("one vs none", "one", a, "none", b, CriteriaComparison.of(a, b)));
        assertSize(PANELS, image);
        for (int i = 0; i < PANELS; i++) {
            Rectangle panel = PanelFigure.panelBounds(i, PANELS);
            assertTrue(count(image, panel, CriteriaPlotTest::blue) > 20, "panel " + i + " lacks A");
            assertEquals(0, count(image, panel, CriteriaPlotTest::orange), "panel " + i + " draws B");
        }
        CriteriaComparison bothUndefined = CriteriaComparison.of(b, b);
        assertSize(PANELS, decode(CriteriaPlot.png("none vs none", "x", b, "y", b, bothUndefined)));
    }

    @Test
    void writeLeavesOnlyTheFinishedFile() throws IOException {
        Path one = temp.resolve("plots/criteria.png");
        Path two = temp.resolve("plots/comparison.png");
        CriteriaPlot.write(one, "trained", trained());
        CriteriaPlot.write(two, "init vs trained", "init", init(), "trained", trained(),
                CriteriaComparison.of(init(), trained()));
        assertArrayEquals(CriteriaPlot.png("trained", trained()), Files.readAllBytes(one));
        assertSize(PANELS, ImageIO.read(two.toFile()));
        try (Stream<Path> files = Files.list(temp.resolve("plots"))) {
            assertEquals(List.of("comparison.png", "criteria.png"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }
    }

    @Test
    void wholeNumberTicksOnlyAndTheAxisEndsDiffer() {
        var ticks = CriteriaPlot.xTicks(-0.5, 3.5, Long::toString);
        assertEquals("0", ticks.apply(0.0));
        assertEquals("3", ticks.apply(3.0000000000000004));
        assertFalse(ticks.apply(-0.5).isEmpty());
        assertTrue(ticks.apply(-0.5).isBlank());
        assertTrue(ticks.apply(3.5).isBlank());
        assertFalse(ticks.apply(-0.5).equals(ticks.apply(3.5)));
    }

    private static CriteriaSummary trainedWithOneExponent() {
        List<Double> one = List.of(1.0);
        return CriteriaSummary.of(List.of(
                HessianCriteria.of(0, 0, new double[] {-0.1, 1}, new double[] {0.5, 0.5}, one),
                HessianCriteria.of(0, 1, new double[] {-0.2, 1}, new double[] {0.5, 0.5}, one)), one);
    }

    private static BufferedImage decode(byte[] png) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertNotNull(image, "not a PNG");
        return image;
    }

    private static void assertSize(int panels, BufferedImage image) {
        Dimension expected = PanelFigure.size(panels);
        assertEquals(expected.width, image.getWidth());
        assertEquals(expected.height, image.getHeight());
    }

    private interface PixelTest {
        boolean test(int r, int g, int b);
    }

    private static int count(BufferedImage image, Rectangle region, PixelTest test) {
        int n = 0;
        for (int y = region.y; y < region.y + region.height; y++) {
            for (int x = region.x; x < region.x + region.width; x++) {
                int rgb = image.getRGB(x, y);
                if (test.test((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff)) {
                    n++;
                }
            }
        }
        return n;
    }

    private static boolean notWhite(int r, int g, int b) {
        return r < 200 || g < 200 || b < 200;
    }

    /** The colour of A's points (and of the runs of one analysis), not of its lines or band. */
    private static boolean blue(int r, int g, int b) {
        return r < 110 && b > 160 && b - r > 80;
    }

    /** The colour of B's points, not of B's text or lines. */
    private static boolean orange(int r, int g, int b) {
        return r > 225 && g > 100 && g < 170 && b < 90;
    }
}
