package dev.lla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The error contract of the command line: the documented exit code, nothing on stdout, one line
 * {@code error: …} on stderr (usage errors may add {@code try '… --help'}), no stack trace, and
 * no output files.
 */
final class CliAssertions {

    /** Runtime, I/O, model or data error. */
    static final int INPUT_ERROR = 1;
    /** Invalid or contradictory options. */
    static final int USAGE_ERROR = 2;

    private static final Pattern TRY_HELP = Pattern.compile("try '[^']+ --help'");

    private CliAssertions() {}

    /**
     * Asserts that {@code run} failed cleanly with {@code exitCode}, that its error line contains
     * every fragment, and that {@code out} (the --out directory, or null) was not created. The
     * memory plan's line, printed before the work that then failed, is not part of the error.
     */
    static void assertCleanFailure(CliRun run, int exitCode, Path out, String... fragments) {
        String transcript = run.transcript();
        assertEquals(exitCode, run.exitCode(), transcript);
        assertEquals("", run.out(), "stdout must stay empty on failure\n" + transcript);
        assertFalse(run.err().contains("\tat ") || run.err().contains("Exception")
                || run.err().contains("Caused by"), "stack trace or exception name\n" + transcript);
        List<String> lines = run.errLines().stream().dropWhile(l -> l.startsWith("memory plan: ")).toList();
        assertTrue(lines.size() == 1 || lines.size() == 2,
                "error spans " + lines.size() + " lines\n" + transcript);
        assertTrue(lines.get(0).startsWith("error: "), transcript);
        assertFalse(lines.get(0).toLowerCase(java.util.Locale.ROOT).startsWith("error: error"), transcript);
        if (lines.size() == 2) {
            assertEquals(USAGE_ERROR, exitCode, "only usage errors may add a second line\n" + transcript);
            assertTrue(TRY_HELP.matcher(lines.get(1)).matches(), transcript);
        }
        for (String fragment : fragments) {
            assertTrue(lines.get(0).contains(fragment), "error lacks '" + fragment + "'\n" + transcript);
        }
        if (out != null) {
            assertFalse(Files.exists(out), "failed run wrote to " + out + "\n" + transcript);
        }
    }
}
