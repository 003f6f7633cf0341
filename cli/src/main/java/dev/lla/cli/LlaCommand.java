package dev.lla.cli;

import dev.lla.core.LlaException;
import dev.lla.core.Versions;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IVersionProvider;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code lla}: the top-level command, which only dispatches to subcommands. */
@Command(
        name = "lla",
        mixinStandardHelpOptions = true,
        versionProvider = LlaCommand.Version.class,
        description = "Loss landscapes and Hessian spectra of trained neural networks.")
public final class LlaCommand implements Runnable {

    /** The subcommands in the order help lists them. */
    private static final List<Class<?>> SUBCOMMANDS = List.of(HesdCommand.class, CriteriaCommand.class,
            LandscapeCommand.class, LandscapeMergeCommand.class, MergeCommand.class, TrainCommand.class,
            GeneralizeCommand.class, TrackCommand.class, ConnectCommand.class, BenchCommand.class, ConvertCommand.class,
            CommandLine.HelpCommand.class);

    @Spec CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing subcommand, e.g. 'lla hesd --help'");
    }

    /** A configured command line writing to the given streams, with every subcommand. */
    static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        return commandLine(out, err, null);
    }

    /**
     * A configured command line for {@code args}: with only the subcommand that {@code args[0]}
     * names, when it names one, else with all of them (for help, suggestions and errors).
     * picocli reads every option of every subcommand it is given, which took about 150 ms of a
     * run's start-up; one subcommand is enough to run it.
     */
    static CommandLine commandLine(PrintWriter out, PrintWriter err, String[] args) {
        CommandLine cl = new CommandLine(new LlaCommand());
        String first = args == null || args.length == 0 ? null : args[0];
        boolean named = SUBCOMMANDS.stream().anyMatch(c -> nameOf(c).equals(first)) && !"help".equals(first);
        // "lla --version" needs no subcommand at all.
        boolean versionOnly = args != null && args.length == 1 && ("--version".equals(first) || "-V".equals(first));
        for (Class<?> subcommand : versionOnly ? List.<Class<?>>of() : SUBCOMMANDS) {
            if (!named || nameOf(subcommand).equals(first)) {
                cl.addSubcommand(subcommand);
            }
        }
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.setExecutionExceptionHandler(LlaCommand::onExecutionError);
        cl.setParameterExceptionHandler(LlaCommand::onUsageError);
        documentExitCodes(cl);
        return cl;
    }

    private static String nameOf(Class<?> subcommand) {
        return subcommand.getAnnotation(Command.class).name();
    }

    private static void documentExitCodes(CommandLine cl) {
        cl.getCommandSpec().usageMessage().exitCodeListHeading("%nExit codes:%n").exitCodeList(ExitCodes.HELP);
        cl.getSubcommands().values().forEach(LlaCommand::documentExitCodes);
    }

    private static int onUsageError(ParameterException e, String[] args) {
        CommandLine cl = e.getCommandLine();
        PrintWriter err = cl.getErr();
        // picocli starts some messages (a missing argument group) with its own "Error: ".
        err.println("error: " + oneLine(e.getMessage()).replaceFirst("^Error: ", ""));
        err.println("try '" + cl.getCommandSpec().qualifiedName() + " --help'");
        return ExitCodes.USAGE;
    }

    private static int onExecutionError(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        PrintWriter err = cl.getErr();
        if (e instanceof GemmKernelsRerun rerun) {
            err.println(rerun.announcement());
            return ExitCodes.RERUN_ON_GEMM_KERNELS;
        }
        if (e instanceof LlaException lla) {
            err.println("error: " + oneLine(lla.getMessage()));
            if (Boolean.getBoolean("lla.stacktrace")) {
                e.printStackTrace(err);
            }
            return lla.kind().exitCode();
        }
        err.println("error: internal failure: " + oneLine(String.valueOf(e))
                + " (run with -Dlla.stacktrace=true or LLA_STACKTRACE=1 for details)");
        if (Boolean.getBoolean("lla.stacktrace") || System.getenv("LLA_STACKTRACE") != null) {
            e.printStackTrace(err);
        }
        return ExitCodes.RUNTIME;
    }

    static String oneLine(String message) {
        if (message == null) {
            return "no message";
        }
        return message.strip().replaceAll("\\s*\\R\\s*", " ");
    }

    /** Reads lla's and its engine's versions from the build. */
    static final class Version implements IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {
                "lla " + Versions.lla(),
                "DJL " + Versions.djl() + ", libtorch " + Versions.pytorch(),
                "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
            };
        }
    }
}
