package dev.lla.cli;

import dev.lla.core.model.Models;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/** Entry point of the {@code lla} command. */
public final class Main {

    /**
     * The subcommands that open a model, and so start libtorch, once the command line is parsed.
     * hesd, criteria, generalize, track and landscape are not: they first plan their Lanczos
     * basis from the model's archive, and start the load themselves, since a process cannot exit
     * during the load (a refusal would wait for it).
     */
    private static final Set<String> ENGINE_COMMANDS = Set.of("train", "connect", "bench");

    private Main() {}

    public static void main(String[] args) {
        // Before anything can start DJL's engine: no network calls, no download attempts.
        System.setProperty("ai.djl.offline", "true");
        PrintWriter out = new PrintWriter(System.out, true, StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
        if (loadsEngineWhileParsing(args)) {
            Models.preloadEngine();
        }
        GemmKernelsRerun.allowIn(System.getenv());
        int code = run(out, err, args);
        out.flush();
        err.flush();
        try {
            Models.awaitEngineLoad(60_000); // a usage error can come before the load is done
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (code == ExitCodes.RERUN_ON_GEMM_KERNELS) {
            code = GemmKernelsRerun.rerun(args, err);
        }
        System.exit(code);
    }

    /**
     * Whether {@code args} name a command that loads a model without planning first, so that
     * libtorch's load can start while picocli parses: not for the commands that plan first,
     * help or versions.
     */
    static boolean loadsEngineWhileParsing(String... args) {
        List<String> words = List.of(args);
        return !words.isEmpty() && ENGINE_COMMANDS.contains(words.get(0)) && words.stream().noneMatch(w ->
                w.equals("-h") || w.equals("--help") || w.equals("-V") || w.equals("--version"));
    }

    /** Runs {@code lla args} with the given streams and returns the exit code (testable). */
    public static int run(PrintWriter out, PrintWriter err, String... args) {
        System.setProperty("ai.djl.offline", "true");
        String[] spelled = LandscapeMergeCommand.spelledAsSubcommand(args);
        return LlaCommand.commandLine(out, err, spelled).execute(spelled);
    }
}
