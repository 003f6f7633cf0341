package dev.lla.cli;

/** Process exit codes, as documented in {@code lla --help}. */
final class ExitCodes {

    static final int OK = 0;
    static final int RUNTIME = 1;
    static final int USAGE = 2;
    static final int NUMERICAL = 3;
    static final int INTERRUPTED = 130;
    /** Internal: {@link Main#main} runs the command again on oneDNN's gemm kernels ({@link GemmKernelsRerun}). */
    static final int RERUN_ON_GEMM_KERNELS = 75;

    /** The list every command's help ends with. */
    static final java.util.Map<String, String> HELP = helpList();

    private ExitCodes() {}

    private static java.util.Map<String, String> helpList() {
        java.util.Map<String, String> codes = new java.util.LinkedHashMap<>();
        codes.put(String.valueOf(OK), "ok");
        codes.put(String.valueOf(RUNTIME), "runtime, I/O or model/data error");
        codes.put(String.valueOf(USAGE), "usage error (invalid or contradictory options, a run that will not fit in memory)");
        codes.put(String.valueOf(NUMERICAL), "numerical failure (non-finite loss, non-convergence)");
        codes.put(String.valueOf(INTERRUPTED), "interrupted");
        return java.util.Collections.unmodifiableMap(codes);
    }
}
