package dev.lla.core.hesd;

import dev.lla.core.progress.ProgressListener;

/**
 * The products of a whole hesd job for {@link ProgressListener#overall}: every piece's budget
 * (an SLQ run's steps, an eigenvalue search's most steps and checks, a trace's samples) is
 * planned at the start; a piece skipped leaves the plan, and a piece that ends early gives back
 * what it did not use. So {@code done} counts only products made, and its rate is the job's pace.
 */
final class JobBudget {

    private final ProgressListener progress;
    private long total;
    private long done;

    JobBudget(ProgressListener progress, long total) {
        this.progress = progress;
        this.total = total;
        progress.overall(0, total);
    }

    /** The products a job of {@code config} may make on each of {@code hessians} Hessians. */
    static long perHessian(HesdConfig config) {
        return (long) config.runs() * config.iterations() + eigenBudget(config) + config.traceSamples();
    }

    /** At most eigenIterations Lanczos steps and one residual check per returned pair. */
    static long eigenBudget(HesdConfig config) {
        return config.topK() > 0 ? config.eigenIterations() + config.topK() + 1L : 0;
    }

    /** A piece of {@code budget} products that this run does not compute. */
    void skip(long budget) {
        total -= budget;
        progress.overall(done, total);
    }

    /** The current piece has made {@code products} so far. */
    void during(long products) {
        progress.overall(done + products, total);
    }

    /** The current piece, of {@code budget} products, has ended after {@code used} of them. */
    void ended(long budget, long used) {
        total -= Math.max(0, budget - used);
        done += Math.min(budget, used);
        progress.overall(done, total);
    }
}
