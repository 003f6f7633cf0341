package dev.lla.cli;

/** Process exit codes, as documented in {@code lla --help}. */
final class ExitCodes {

    static final int OK = 0;
    static final int RUNTIME = 1;
    static final int USAGE = 2;
    static final int NUMERICAL = 3;
    static final int INTERRUPTED = 130;

    private ExitCodes() {}
}
