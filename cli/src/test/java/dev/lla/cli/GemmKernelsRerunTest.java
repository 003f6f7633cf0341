package dev.lla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code lla} as a process on the CNN whose second convolution libtorch's default kernels get
 * wrong on some CPUs (the AMD EPYC CI machine class among them): where the engine's check finds
 * them wrong, the run starts again on oneDNN's gemm kernels and its numbers come from there;
 * elsewhere it runs once. Either way it ends well, with no warning left in its provenance.
 * {@code LLA_KERNEL_RERUN=off} keeps the first process, which then warns.
 */
class GemmKernelsRerunTest {

    private static final String RERUN = "running again on oneDNN's gemm kernels";

    @Test
    void aWrongKernelMeansARunOnTheGemmKernels(@TempDir Path temp) throws Exception {
        Process run = lla(temp.resolve("out"), Map.of());
        assertEquals(0, run.exitCode, run.stderr);
        JsonNode provenance = new ObjectMapper().readTree(temp.resolve("out/hesd.json").toFile()).path("provenance");
        assertEquals(0, provenance.path("engineWarnings").size(), run.stderr);
        boolean reran = run.stderr.contains(RERUN);
        assertEquals(reran ? "AVX" : "", provenance.path("engineSettings").path("ONEDNN_MAX_CPU_ISA").asText(),
                run.stderr);
        assertTrue(run.stdout.contains("top "), run.stdout);

        Process kept = lla(temp.resolve("kept"), Map.of("LLA_KERNEL_RERUN", "off"));
        assertFalse(kept.stderr.contains(RERUN), kept.stderr);
        assertEquals(reran, kept.stderr.contains("warning: this CPU's float32 convolution input gradients are wrong"),
                kept.stderr);
        if (!reran) {
            assertEquals(0, kept.exitCode, kept.stderr);
        }
    }

    @Test
    void theRerunIsThisJvmWithItsOptionsOnTheSameArguments() {
        List<String> command = GemmKernelsRerun.command(new String[] {"hesd", "--model", "m.pt"});
        assertEquals(List.of("dev.lla.cli.Main", "hesd", "--model", "m.pt"),
                command.subList(command.size() - 4, command.size()));
        assertEquals(System.getProperty("java.class.path"), command.get(command.size() - 5));
        assertTrue(command.stream().noneMatch(c -> c.startsWith("-XX:ArchiveClassesAtExit")), command.toString());
    }

    private record Process(int exitCode, String stdout, String stderr) {}

    private static Process lla(Path out, Map<String, String> env) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.lla.cli.Main", "hesd",
                "--model", dev.lla.core.TestData.path("models/cnn8x8-odd.pt").toString(),
                "--data", TestData.digitsTrain().toString(), "--batch-size", "32", "--iterations", "10",
                "--trace-samples", "0", "--nhes", "1", "--out", out.toString()));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().remove("ONEDNN_MAX_CPU_ISA");
        builder.environment().remove("DNNL_MAX_CPU_ISA");
        builder.environment().remove("LLA_KERNEL_RERUN");
        builder.environment().putAll(env);
        Path stdout = Files.createTempFile(out.getParent(), "stdout", ".txt");
        Path stderr = Files.createTempFile(out.getParent(), "stderr", ".txt");
        builder.redirectOutput(stdout.toFile()).redirectError(stderr.toFile());
        int code = builder.start().waitFor();
        return new Process(code, Files.readString(stdout, StandardCharsets.UTF_8),
                Files.readString(stderr, StandardCharsets.UTF_8));
    }
}
