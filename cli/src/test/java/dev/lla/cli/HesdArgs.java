package dev.lla.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Arguments of {@code lla hesd}, starting from settings small enough for a test (one SLQ run of
 * five Lanczos steps on one batch of 16 digits, no trace); any option can be overridden.
 */
final class HesdArgs {

    private final Map<String, String> options = new LinkedHashMap<>();
    private final List<String> flags = new ArrayList<>();

    private HesdArgs() {}

    /** The trained MLP on the digits training split, writing to {@code out}. */
    static HesdArgs tiny(Path out) {
        return new HesdArgs()
                .with("--model", TestData.mlp().toString())
                .with("--data", TestData.digitsTrain().toString())
                .with("--nhes", "1")
                .with("--iterations", "5")
                .with("--trace-samples", "0")
                .with("--batch-size", "16")
                .with("--out", out.toString());
    }

    /** Sets {@code option} to {@code value}, replacing an earlier value. */
    HesdArgs with(String option, String value) {
        options.put(option, value);
        return this;
    }

    HesdArgs with(String option, Path value) {
        return with(option, value.toString());
    }

    /** Adds an option without a value, e.g. {@code --json}. */
    HesdArgs flag(String flag) {
        flags.add(flag);
        return this;
    }

    /** Runs {@code lla hesd} with these arguments. */
    CliRun run() {
        List<String> args = new ArrayList<>();
        args.add("hesd");
        options.forEach((option, value) -> {
            args.add(option);
            args.add(value);
        });
        args.addAll(flags);
        return CliRun.of(args.toArray(String[]::new));
    }
}
