package dev.lla.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The remedy for the kernel defect the engine's check found (README, Known engine defect): the
 * run stops as soon as the model is open, before any work or output, and {@link Main#main}
 * starts it again in a fresh JVM with {@code ONEDNN_MAX_CPU_ISA=AVX}, on oneDNN's gemm kernels.
 * A process cannot switch oneDNN's kernels once it has made one, hence the new process.
 *
 * <p>Only a process started by {@link Main#main} reruns (not the tests' in-process runs), and
 * only when neither {@code ONEDNN_MAX_CPU_ISA} nor {@code DNNL_MAX_CPU_ISA} is set (a rerun that
 * still finds wrong kernels warns and goes on) and {@code LLA_KERNEL_RERUN} is not {@code off}.
 */
final class GemmKernelsRerun extends RuntimeException {

    static final String VARIABLE = "ONEDNN_MAX_CPU_ISA";
    static final String GEMM_ISA = "AVX";
    private static volatile boolean allowed;

    GemmKernelsRerun(String warning) {
        super(warning, null, false, false);
    }

    /** Lets this process rerun, when {@code env} leaves oneDNN's kernels to it. */
    static void allowIn(Map<String, String> env) {
        allowed = env.get(VARIABLE) == null && env.get("DNNL_MAX_CPU_ISA") == null
                && !"off".equals(env.get("LLA_KERNEL_RERUN"));
    }

    static boolean allowed() {
        return allowed;
    }

    /** What the stopped run says before the rerun starts. */
    String announcement() {
        return "lla: " + getMessage().replaceFirst("; rerun with .*$", "")
                + "; running again on oneDNN's gemm kernels (" + VARIABLE + "=" + GEMM_ISA + "; LLA_KERNEL_RERUN=off"
                + " stops this)";
    }

    /** Runs {@code args} again in a JVM like this one, on the gemm kernels; its exit code. */
    static int rerun(String[] args, PrintWriter err) {
        ProcessBuilder builder = new ProcessBuilder(command(args)).inheritIO();
        builder.environment().put(VARIABLE, GEMM_ISA);
        try {
            return builder.start().waitFor();
        } catch (IOException e) {
            err.println("error: cannot start lla again on the gemm kernels (" + e.getMessage() + "); set "
                    + VARIABLE + "=" + GEMM_ISA + " and run it yourself");
            return ExitCodes.RUNTIME;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.INTERRUPTED;
        }
    }

    /** This JVM's binary and options (less a class-data archive being written), class path, main class, args. */
    static List<String> command(String[] args) {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!option.startsWith("-XX:ArchiveClassesAtExit")) {
                command.add(option);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        return command;
    }
}
