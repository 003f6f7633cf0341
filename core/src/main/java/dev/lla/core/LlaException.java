package dev.lla.core;

/**
 * An error the user can act on: bad input, a contradictory request, or a numerical failure. The
 * message is one line that says what is wrong and, where it helps, what to do; the command line
 * prints it as {@code error: <message>} and exits with {@link Kind#exitCode()}.
 */
public class LlaException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong, which fixes the process exit code. */
    public enum Kind {
        /** Contradictory or invalid options (exit 2). */
        USAGE(2),
        /** A missing, corrupt or unfitting model or dataset, or an I/O failure (exit 1). */
        INPUT(1),
        /** A non-finite loss, non-convergence or other numerical failure (exit 3). */
        NUMERICAL(3);

        private final int exitCode;

        Kind(int exitCode) {
            this.exitCode = exitCode;
        }

        /** The process exit code documented in {@code lla --help}. */
        public int exitCode() {
            return exitCode;
        }
    }

    private final Kind kind;

    public LlaException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public LlaException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public static LlaException usage(String message) {
        return new LlaException(Kind.USAGE, message);
    }

    public static LlaException input(String message) {
        return new LlaException(Kind.INPUT, message);
    }

    public static LlaException input(String message, Throwable cause) {
        return new LlaException(Kind.INPUT, message, cause);
    }

    public static LlaException numerical(String message) {
        return new LlaException(Kind.NUMERICAL, message);
    }
}
