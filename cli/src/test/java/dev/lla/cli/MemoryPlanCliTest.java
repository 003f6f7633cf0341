package dev.lla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The memory plan on the command line: a run that cannot fit stops before its first product with
 * one line and exit 2, and a run that fits records its plan next to the peak RSS in {@code cost}.
 */
class MemoryPlanCliTest {

    /** LeNet-BN: P = 44,470 float32 parameters. */
    private static final Path LENET = dev.lla.core.TestData.path("models/lenet-bn-trained.pt");

    @TempDir Path temp;

    @Test
    void aBasisThatCannotFitStopsBeforeTheModelLoadsWithOneLine() {
        Path out = temp.resolve("out");
        // 10⁸ steps would take days; the basis stops at P rows: 44,470² floats = 7.9 GB > 1 GB.
        // P comes from the archive, before libtorch: the graph and batches are not counted yet.
        CliRun run = CliRun.of("hesd", "--model", LENET.toString(), "--data", TestData.mnist().toString(),
                "--iterations", "100000000", "--memory", "1G", "--out", out.toString());
        assertEquals(ExitCodes.USAGE, run.exitCode(), run.transcript());
        assertEquals(List.of("error: the run needs at least 7.9 GB (model 2 × 44,470 parameters = 356 kB, basis SLQ"
                + " 44,470 × 44,470 floats = 7.9 GB, vectors 7 work vectors = 1.2 MB; graph and batches not yet"
                + " counted) but 1.0 GB is available (--memory); use --window K, fewer --iterations or a smaller"
                + " --batch-size"), run.errLines(), run.transcript());
        assertFalse(Files.exists(out), "nothing may be written to --out");
    }

    @Test
    void onTheLoadedModelThePlanCountsBatchesToo() {
        Path out = temp.resolve("out");
        long start = System.nanoTime();
        // An ONNX model is translated before its parameters are known: the plan is made on the model.
        CliRun run = CliRun.of("hesd", "--model", dev.lla.core.TestData.path("models/lenet-bn-trained.onnx")
                .toString(), "--data", TestData.mnist().toString(), "--iterations", "100000000", "--memory", "1G",
                "--out", out.toString());
        double seconds = (System.nanoTime() - start) / 1e9;
        assertEquals(ExitCodes.USAGE, run.exitCode(), run.transcript());
        assertEquals(List.of("error: the run needs 7.9 GB (model 2 × 44,470 parameters = 356 kB, basis SLQ 44,470"
                + " × 44,470 floats = 7.9 GB, vectors 7 work vectors = 1.2 MB, batches 402 kB) but 1.0 GB is"
                + " available (--memory); use --window K, fewer --iterations or a smaller --batch-size"),
                run.errLines(), run.transcript());
        assertFalse(Files.exists(out), "nothing may be written to --out");
        assertTrue(seconds < 15, "took " + seconds + " s"); // model load and data included
    }

    @Test
    void criteriaOffersNoWindowAndAlsoRefusesBeforeTheModelLoads() {
        Path out = temp.resolve("c");
        CliRun run = CliRun.of("criteria", "--model", LENET.toString(), "--data", TestData.mnist().toString(),
                "--iterations", "100000000", "--memory", "1G", "--out", out.toString());
        assertEquals(ExitCodes.USAGE, run.exitCode(), run.transcript());
        assertEquals(1, run.errLines().size(), run.transcript());
        assertTrue(run.err().startsWith("error: the run needs at least 7.9 GB"), run.transcript());
        assertTrue(run.err().contains("graph and batches not yet counted"), run.transcript());
        assertTrue(run.err().endsWith("use fewer --iterations or a smaller --batch-size\n"), run.transcript());
        assertFalse(Files.exists(out), "nothing may be written to --out");
    }

    @Test
    void criteriaChecksTheComparedModelBeforeEitherLoads() {
        // The MLP's 2,410² basis (23 MB) fits in 30 MB; LeNet's 44,470 × 44,470 does not.
        CliRun run = CliRun.of("criteria", "--model", TestData.mlp().toString(), "--compare-model",
                LENET.toString(), "--data", TestData.digitsTrain().toString(), "--iterations", "100000000", "--memory", "30M",
                "--out", temp.resolve("c").toString());
        assertEquals(ExitCodes.USAGE, run.exitCode(), run.transcript());
        assertTrue(run.err().startsWith("error: the run needs at least 7.9 GB (model 2 × 44,470 parameters"),
                run.transcript());
    }

    @Test
    void generalizeRefusesFromTheFirstCheckpointsArchive() {
        Path out = temp.resolve("g");
        CliRun run = CliRun.of("generalize", "--models", LENET + "," + LENET, "--data", TestData.mnist().toString(),
                "--target", TestData.mnist().toString(), "--iterations", "100000000", "--memory", "1G",
                "--out", out.toString());
        assertEquals(ExitCodes.USAGE, run.exitCode(), run.transcript());
        assertEquals(1, run.errLines().size(), run.transcript());
        assertTrue(run.err().startsWith("error: the run needs at least 7.9 GB"), run.transcript());
        assertTrue(run.err().contains("graph and batches not yet counted"), run.transcript());
        assertFalse(Files.exists(out), "nothing may be written to --out");
    }

    @Test
    void aRunThatFitsRecordsItsPlanNextToThePeakRss() throws Exception {
        CliRun run = HesdArgs.tiny(temp.resolve("fits")).with("--memory", "2GiB").flag("--json").run();
        assertEquals(0, run.exitCode(), run.transcript());
        assertTrue(run.errLines().get(0).startsWith("memory plan: "), run.transcript());
        assertTrue(run.errLines().get(0).endsWith(" of 2.1 GB available"), run.transcript());
        JsonNode memory = new ObjectMapper().readTree(run.out()).path("cost").path("memory");
        long p = 2_410; // the digits MLP
        assertEquals(2 * p * 4, memory.path("modelBytes").asLong(), memory.toString());
        // Defaults: the extreme-eigenvalue search (200 rows, top-2) outgrows SLQ's 5 steps.
        assertEquals(200 * p * 4, memory.path("basisBytes").asLong(), memory.toString());
        assertEquals((5 + 2) * p * 4, memory.path("vectorsBytes").asLong(), memory.toString());
        // Measured growth of the C heap while one batch's graph is built: a 16-sample MLP's graph can
        // fit in memory the allocator already holds, so 0 is a true reading here (it was seen in CI).
        assertTrue(memory.path("graphBytes").asLong() >= 0, memory.toString());
        assertEquals(16 * 64 * 4 + 16 * 8, memory.path("batchesBytes").asLong(), memory.toString());
        long total = 0;
        for (String part : List.of("model", "basis", "vectors", "graph", "batches", "eigenvectors")) {
            total += memory.path(part + "Bytes").asLong();
        }
        assertEquals(total, memory.path("totalBytes").asLong());
        assertEquals(2L << 30, memory.path("availableBytes").asLong());
        assertEquals("--memory", memory.path("availableSource").asText());
        long before = memory.path("residentBeforeBytes").asLong();
        assertTrue(before > 0, memory.toString());
        assertEquals(before + total - 2 * p * 4, memory.path("expectedPeakResidentBytes").asLong());
        assertTrue(memory.path("peakResidentBytes").asLong() >= before, memory.toString());
    }

    @Test
    void hessianAxesPlanTheirEigenvectorSearch() throws Exception {
        Path out = temp.resolve("axes");
        // 300 rows (the default search) of 44,470 floats = 53.4 MB > 10 MB: refused from the archive,
        // before libtorch loads.
        CliRun refused = CliRun.of("landscape", "--model", LENET.toString(), "--data", TestData.mnist().toString(),
                "--axes", "hessian", "--steps", "2", "--memory", "10M", "--out", out.toString());
        assertEquals(ExitCodes.USAGE, refused.exitCode(), refused.transcript());
        assertEquals(List.of("error: the run needs at least 55.0 MB (model 2 × 44,470 parameters = 356 kB, basis"
                + " extreme-eigenvalue search 300 × 44,470 floats = 53.4 MB, vectors 7 work vectors = 1.2 MB; graph"
                + " and batches not yet counted) but 10.0 MB is available (--memory); use fewer --eigen-iterations or"
                + " a smaller --batch-size"), refused.errLines(), refused.transcript());
        assertFalse(Files.exists(out), "nothing may be written to --out");

        // 60 rows fit in 12.4 MB until the open model's plan adds the batch.
        CliRun refusedOpen = CliRun.of("landscape", "--model", LENET.toString(), "--data",
                TestData.mnist().toString(), "--axes", "hessian", "--steps", "2", "--eigen-iterations", "60",
                "--memory", "12.4M", "--out", out.toString());
        assertEquals(ExitCodes.USAGE, refusedOpen.exitCode(), refusedOpen.transcript());
        assertEquals(List.of("error: the run needs 12.7 MB (model 2 × 44,470 parameters = 356 kB, basis"
                + " extreme-eigenvalue search 60 × 44,470 floats = 10.7 MB, vectors 7 work vectors = 1.2 MB, batches"
                + " 402 kB) but 12.4 MB is available (--memory); use fewer --eigen-iterations or a smaller"
                + " --batch-size"), refusedOpen.errLines(), refusedOpen.transcript());
        assertFalse(Files.exists(out), "nothing may be written to --out");

        CliRun fits = CliRun.of("landscape", "--model", LENET.toString(), "--data", TestData.mnist().toString(),
                "--axes", "hessian", "--steps", "2", "--eigen-iterations", "60", "--memory", "1G",
                "--out", out.toString(), "--json");
        assertEquals(0, fits.exitCode(), fits.transcript());
        assertTrue(fits.errLines().get(0).startsWith("memory plan: "), fits.transcript());
        JsonNode document = new ObjectMapper().readTree(fits.out());
        JsonNode memory = document.path("cost").path("memory");
        assertEquals(60L * 44_470 * 4, memory.path("basisBytes").asLong(), memory.toString());
        assertTrue(memory.path("peakResidentBytes").asLong() > 0, memory.toString());
        assertEquals(60, document.path("config").path("eigenIterations").asInt());
    }

    @Test
    void aSurveyPlansItsHessianAxesBeforeItsFirstRegime() {
        Path out = temp.resolve("survey");
        CliRun run = CliRun.of("landscape", "--model", LENET.toString(), "--data", TestData.mnist().toString(),
                "--survey", "--steps", "2", "--memory", "10M", "--out", out.toString());
        assertEquals(ExitCodes.USAGE, run.exitCode(), run.transcript());
        assertEquals(1, run.errLines().size(), run.transcript());
        assertTrue(run.err().contains("basis extreme-eigenvalue search 300 × 44,470 floats"), run.transcript());
        assertTrue(run.err().contains("; graph and batches not yet counted"), "refused from the archive: "
                + run.transcript());
        // The random regimes come first; none of them may have run (their journals would be here).
        assertFalse(Files.exists(out), "nothing may be written to --out");
    }

    @Test
    void theSearchStopsAtEigenIterations() {
        // Three Lanczos steps cannot resolve LeNet's second eigenvector to 1e-4: the option is obeyed.
        CliRun run = CliRun.of("landscape", "--model", LENET.toString(), "--data", TestData.mnist().toString(),
                "--axes", "hessian", "--steps", "2", "--eigen-iterations", "3", "--out", temp.resolve("s").toString());
        assertEquals(ExitCodes.NUMERICAL, run.exitCode(), run.transcript());
        assertTrue(run.err().contains("did not converge in 3 Lanczos steps"), run.transcript());
    }

    @Test
    void searchOptionsNeedHessianAxes() {
        CliRun run = CliRun.of("landscape", "--model", LENET.toString(), "--data", TestData.mnist().toString(),
                "--memory", "1G", "--out", temp.resolve("r").toString());
        assertEquals(ExitCodes.USAGE, run.exitCode(), run.transcript());
        assertTrue(run.err().startsWith("error: --memory needs --axes hessian"), run.transcript());
    }

    @Test
    void trackPlansEachCheckpointsSearchAndTheVectorsItKeeps() throws Exception {
        String series = TestData.mlp() + "," + TestData.mlp();
        Path out = temp.resolve("track");
        CliRun refused = CliRun.of("track", "--models", series, "--data", TestData.digitsTrain().toString(),
                "--top-k", "2", "--memory", "100k", "--out", out.toString());
        assertEquals(ExitCodes.USAGE, refused.exitCode(), refused.transcript());
        assertEquals(1, refused.errLines().size(), refused.transcript());
        assertTrue(refused.err().contains("basis extreme-eigenvalue search 200 × 2,410 floats = 1.9 MB"),
                refused.transcript());
        assertTrue(refused.err().contains("eigenvectors 2 checkpoints × 2 host copies = 38.6 kB"), refused.transcript());
        assertTrue(refused.err().endsWith("use fewer --eigen-iterations or a smaller --batch-size\n"),
                refused.transcript());
        assertTrue(refused.err().contains("; graph and batches not yet counted"), "refused from the archive: "
                + refused.transcript());
        assertFalse(Files.exists(out), "nothing may be written to --out");

        CliRun fits = CliRun.of("track", "--models", series, "--data", TestData.digitsTrain().toString(),
                "--top-k", "2", "--eigen-iterations", "40", "--out", out.toString(), "--quiet");
        assertEquals(0, fits.exitCode(), fits.transcript());
        JsonNode memory = new ObjectMapper().readTree(Files.readString(out.resolve("track.json")))
                .path("cost").path("memory");
        assertEquals(40L * 2_410 * 4, memory.path("basisBytes").asLong(), memory.toString());
        assertEquals(2L * 2 * 2_410 * 4, memory.path("eigenvectorsBytes").asLong(), memory.toString());
    }

    @Test
    void aSizeThatIsNoSizeIsAUsageError() {
        CliRun run = HesdArgs.tiny(temp.resolve("bad")).with("--memory", "lots").run();
        assertEquals(ExitCodes.USAGE, run.exitCode(), run.transcript());
        assertTrue(run.err().contains("expected a size such as 8G"), run.transcript());
    }
}
