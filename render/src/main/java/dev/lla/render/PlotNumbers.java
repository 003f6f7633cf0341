package dev.lla.render;

import java.math.BigDecimal;
import java.math.MathContext;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.Locale;
import java.util.function.Function;

/**
 * Numbers as figures print them: plain decimals for ordinary magnitudes, scientific notation only
 * for very large or very small ones, and words for values that are not numbers.
 */
final class PlotNumbers {

    /** What a figure prints for NaN: a missing statistic, such as the std of one value. */
    static final String NOT_AVAILABLE = "n/a";

    private PlotNumbers() {}

    /** {@code v} to {@code significant} digits, trailing zeros dropped: 0.1702, 3.1e-05, 1.2e+07. */
    static String of(double v, int significant) {
        if (!Double.isFinite(v)) {
            return nonFinite(v);
        }
        if (v == 0) {
            return "0";
        }
        double magnitude = Math.abs(v);
        if (magnitude >= 1e6 || magnitude < 1e-4) {
            return scientific(v, significant);
        }
        return new BigDecimal(v).round(new MathContext(significant)).stripTrailingZeros().toPlainString();
    }

    /**
     * {@code mean ± std} with the std to two significant digits and the mean to the same decimal
     * place (0.170 ± 0.020); each to four significant digits where that is not possible.
     */
    static String meanStd(double mean, double std) {
        if (Double.isFinite(mean) && Double.isFinite(std) && std > 0) {
            int decimals = 1 - (int) Math.floor(Math.log10(std));
            if (decimals >= 0 && decimals <= 5 && Math.abs(mean) < 1e6) {
                return fixed(mean, decimals) + " ± " + fixed(std, decimals);
            }
        }
        return of(mean, 4) + " ± " + of(std, 2);
    }

    /**
     * Tick labels for an axis from {@code lo} to {@code hi}: enough decimals to tell ticks apart,
     * no trailing zeros, no "-0", scientific notation only for very large or small magnitudes.
     */
    static Function<Double, String> ticks(double lo, double hi) {
        double span = hi - lo;
        double magnitude = Math.max(Math.abs(lo), Math.abs(hi));
        int decimals = Double.isFinite(span) && span > 0 ? Math.max(0, (int) Math.ceil(-Math.log10(span))) + 2 : 2;
        boolean scientific = !Double.isFinite(magnitude) || magnitude >= 1e6 || magnitude < 1e-4 || decimals > 8;
        DecimalFormat format = new DecimalFormat(
                scientific ? "0.###E0" : "#,##0." + "#".repeat(decimals), DecimalFormatSymbols.getInstance(Locale.ROOT));
        double zero = Double.isFinite(span) ? span * 1e-9 : 0;
        return v -> {
            if (v == null || !Double.isFinite(v)) {
                return "";
            }
            return Math.abs(v) <= zero ? "0" : format.format(v);
        };
    }

    private static String fixed(double v, int decimals) {
        String text = String.format(Locale.ROOT, "%." + decimals + "f", v);
        // "-0.000" when a small negative value rounds to zero
        return text.matches("-0\\.?0*") ? text.substring(1) : text;
    }

    private static String scientific(double v, int significant) {
        String text = String.format(Locale.ROOT, "%." + Math.max(0, significant - 1) + "e", v);
        int e = text.indexOf('e');
        String mantissa = text.substring(0, e);
        if (mantissa.contains(".")) {
            mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return mantissa + text.substring(e);
    }

    private static String nonFinite(double v) {
        if (Double.isNaN(v)) {
            return NOT_AVAILABLE;
        }
        return v > 0 ? "∞" : "-∞";
    }
}
