package dev.lla.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;

/**
 * One in-process run of {@code lla} through {@link Main#run}: its exit code and what it wrote to
 * stdout and stderr.
 */
record CliRun(int exitCode, String out, String err) {

    /** Runs {@code lla args} and captures both streams. */
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code;
        try (PrintWriter outWriter = new PrintWriter(out); PrintWriter errWriter = new PrintWriter(err)) {
            code = Main.run(outWriter, errWriter, args);
        }
        return new CliRun(code, out.toString(), err.toString());
    }

    List<String> errLines() {
        return err.lines().toList();
    }

    /** Everything the run said, for assertion messages. */
    String transcript() {
        return "exit " + exitCode + "\n--- stdout\n" + out + "--- stderr\n" + err;
    }
}
