package dev.lla.cli;

import dev.lla.core.data.Dataset;
import dev.lla.core.hesd.HesdConfig;
import dev.lla.core.hesd.HesdResult;
import dev.lla.core.hesd.HesdResult.Eigenvalue;
import dev.lla.core.hesd.HesdResult.HessianEigen;
import dev.lla.core.hesd.HesdRun;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/** The short human-readable summary of {@code lla hesd} on stdout. */
final class HesdSummary {

    private HesdSummary() {}

    static void print(PrintWriter out, Path model, Dataset data, HesdConfig config, HesdRun run) {
        HesdResult r = run.result();
        int n = r.batches().size();
        double loss = r.batches().stream().mapToDouble(HesdResult.BatchSummary::loss).average().orElse(Double.NaN);
        double acc = r.batches().stream().mapToDouble(HesdResult.BatchSummary::accuracy).average().orElse(Double.NaN);
        out.printf(Locale.ROOT, "model      %s (%s mode)%n", model, config.mode().name().toLowerCase(Locale.ROOT));
        out.printf(Locale.ROOT, "data       %s, %d batch%s of %d%n", data.description(), n, n == 1 ? "" : "es",
                r.batches().get(0).size());
        out.printf(Locale.ROOT, "loss       %.6g   accuracy %.4f%n", loss, acc);
        String scope = r.eigen().size() > 1 ? " (mean over " + r.eigen().size() + " batches)" : "";
        out.printf(Locale.ROOT, "top        %s%s%n", values(r.topEigenvalues()), scope);
        out.printf(Locale.ROOT, "min        %s%n", number(r.minEigenvalue()));
        for (HessianEigen e : r.eigen()) {
            String which = e.batch() == null ? "mean Hessian" : "batch " + e.batch();
            StringBuilder line = new StringBuilder();
            for (Eigenvalue v : e.top()) {
                line.append(describe(v)).append("  ");
            }
            line.append("min ").append(describe(e.min()));
            out.printf(Locale.ROOT, "  %-12s %s  [%d Lanczos steps]%n", which, line, e.iterations());
        }
        if (r.trace() != null) {
            out.printf(Locale.ROOT, "trace      %s ± %s (%d samples)%n", number(r.trace().mean()),
                    number(r.trace().stderr()), r.trace().samples());
        }
        out.printf(Locale.ROOT, "SLQ        %d run%s × %d steps; density on %d points%n", r.slq().size(),
                r.slq().size() == 1 ? "" : "s", config.iterations(), r.density().grid().length);
        out.printf(Locale.ROOT, "cost       %d Hessian-vector products, %.1f s in them, %.1f s in all%n",
                run.cost().hvps(), run.cost().hvpSeconds(), run.cost().wallSeconds());
    }

    private static String describe(Eigenvalue v) {
        return number(v.value()) + (v.converged() ? "" : " (NOT converged, rel. residual "
                + String.format(Locale.ROOT, "%.1e", v.relativeResidual()) + ")");
    }

    private static String values(double[] values) {
        StringBuilder s = new StringBuilder();
        for (double v : values) {
            s.append(number(v)).append("  ");
        }
        return s.toString().strip();
    }

    private static String number(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6g", v) : "undefined";
    }
}
