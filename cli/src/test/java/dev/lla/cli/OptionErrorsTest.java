package dev.lla.cli;

import static dev.lla.cli.CliAssertions.USAGE_ERROR;
import static dev.lla.cli.CliAssertions.assertCleanFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Invalid or contradictory options are usage errors (exit 2) that name the option. */
class OptionErrorsTest {

    @TempDir Path temp;

    private Path out() {
        return temp.resolve("out");
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', value = {
        "--batches    | 0       | --batches must be at least 1",
        "--batch-size | 0       | --batch-size must be at least 1",
        "--batch-size | -3      | --batch-size must be at least 1",
        "--nhes       | 0       | --nhes must be at least 1",
        "--top-k      | 0       | --top-k must be at least 1",
        "--iterations | 0       | --iterations must be at least 1",
        "--mode       | foo     | --mode",
        "--hessian    | foo     | --hessian",
        "--reorth     | foo     | --reorth",
        "--loss       | hinge   | --loss",
        "--operator   | fisher  | --operator",
        "--trace-method | hutch | --trace-method",
        "--split      | foo     | --split",
        "--seed       | abc     | --seed",
        "--normalize  | 1       | MEAN,STD",
        "--normalize  | 0.5,0   | std",
        "--normalize  | a,b     | must be numbers",
        "--device     | cuda:99 | --device cuda:99",
        "--device     | tpu     | --device tpu",
    })
    void invalidValue(String option, String value, String fragment) {
        CliRun run = HesdArgs.tiny(out()).with(option, value).run();
        assertCleanFailure(run, USAGE_ERROR, out(), fragment);
    }

    @Test
    void traceSketchWithHutchinson() {
        CliRun run = HesdArgs.tiny(out()).with("--trace-samples", "30").with("--trace-sketch", "5").run();
        assertCleanFailure(run, USAGE_ERROR, out(), "--trace-sketch applies only to --trace-method hutch++");
    }

    /** Hutch++ spends 2k products on its sketch and needs two remainder samples for a standard error. */
    @Test
    void hutchPlusPlusBudgetTooSmallForItsSketch() {
        CliRun run = HesdArgs.tiny(out()).with("--trace-method", "hutch++").with("--trace-samples", "30")
                .with("--trace-sketch", "15").run();
        assertCleanFailure(run, USAGE_ERROR, out(), "--trace-samples must be at least 32, got 30");
    }

    /** digits8x8/test.npz holds 297 samples; 100 batches of 128 need 12800. */
    @Test
    void moreBatchesThanTheDataHolds() {
        CliRun run = HesdArgs.tiny(out())
                .with("--data", TestData.digitsTest())
                .with("--batches", "100")
                .with("--batch-size", "128")
                .run();
        assertCleanFailure(run, USAGE_ERROR, out(), "12800", "holds only 297");
    }

    @Test
    void labelsFileWithAnNpz() {
        CliRun run = HesdArgs.tiny(out())
                .with("--labels", TestData.mnist().resolve("train-labels-idx1-ubyte.gz"))
                .run();
        assertCleanFailure(run, USAGE_ERROR, out(), ".npz", "holds its own labels");
    }

    @Test
    void boundedWindowWithPartialReorthogonalization() {
        CliRun run = HesdArgs.tiny(out()).with("--window", "10").with("--reorth", "partial").run();
        assertCleanFailure(run, USAGE_ERROR, out(), "--window 10", "--reorth partial");
        assertEquals(1, run.errLines().size(), run.transcript());
    }

    @Test
    void unknownOption() {
        CliRun run = HesdArgs.tiny(out()).flag("--frobnicate").run();
        assertCleanFailure(run, USAGE_ERROR, out(), "--frobnicate");
    }

    @Test
    void missingRequiredOption() {
        CliRun run = CliRun.of("hesd", "--data", TestData.digitsTrain().toString(),
                "--out", out().toString());
        assertCleanFailure(run, USAGE_ERROR, out(), "--model");
    }

    @Test
    void missingRequiredArgumentGroup() {
        CliRun run = CliRun.of("generalize", "--models", TestData.mlp().toString(), "--data",
                TestData.digitsTrain().toString(), "--out", out().toString());
        assertCleanFailure(run, USAGE_ERROR, out(), "Missing required argument", "--target=PATH");
    }

    @Test
    void missingSubcommand() {
        assertCleanFailure(CliRun.of(), USAGE_ERROR, null, "missing subcommand");
    }

    @Test
    void unknownSubcommand() {
        assertCleanFailure(CliRun.of("landscape-of-dreams"), USAGE_ERROR, null, "landscape-of-dreams");
    }
}
