package dev.lla.core.hesd;

/**
 * Where a Hessian analysis keeps its finished pieces while it runs, so that a killed run can
 * resume. Implementations write each state whole (never half) before returning.
 */
public interface HesdJournal {

    /** A journal that remembers nothing: every run starts from scratch. */
    HesdJournal NONE = new HesdJournal() {
        @Override
        public HesdPartial finished(String fingerprint) {
            return HesdPartial.empty(fingerprint);
        }

        @Override
        public void record(HesdPartial partial) {}
    };

    /**
     * Pieces an earlier run finished for exactly these inputs and options, or an empty partial.
     * Throws a usage error when the saved pieces belong to other inputs or options.
     */
    HesdPartial finished(String fingerprint);

    /** Saves everything finished so far. */
    void record(HesdPartial partial);
}
