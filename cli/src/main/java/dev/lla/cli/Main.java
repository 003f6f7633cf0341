package dev.lla.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** Entry point of the {@code lla} command. */
public final class Main {

    private Main() {}

    public static void main(String[] args) {
        // Before anything can start DJL's engine: no network calls, no download attempts.
        System.setProperty("ai.djl.offline", "true");
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        int code = run(out, err, args);
        out.flush();
        err.flush();
        System.exit(code);
    }

    /** Runs {@code lla args} with the given streams and returns the exit code (testable). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        System.setProperty("ai.djl.offline", "true");
        return LlaCommand.commandLine(out, err).execute(LandscapeMergeCommand.spelledAsSubcommand(args));
    }
}
