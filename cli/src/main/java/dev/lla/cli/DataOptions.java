package dev.lla.cli;

import dev.lla.core.LlaException;
import dev.lla.core.data.BatchPlan;
import dev.lla.core.data.DataRequest;
import dev.lla.core.data.Normalization;
import dev.lla.core.data.Split;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Which data, and which batches of it. */
final class DataOptions {

    @Option(names = "--data", required = true, paramLabel = "PATH",
            description = "A directory of MNIST-style IDX files (plain or .gz), an IDX images file"
                    + " (with --labels), an .npz with arrays x and y, or an SVHN .mat file"
                    + " (or a directory holding train_32x32.mat/test_32x32.mat).")
    Path data;

    @Option(names = "--labels", paramLabel = "FILE",
            description = "IDX labels file paired with an IDX images file given as --data.")
    Path labels;

    @Option(names = "--split", defaultValue = "train", paramLabel = "train|test",
            description = "Split to read where the data has both. Default: ${DEFAULT-VALUE}.")
    Split split;

    @Option(names = "--batch-size", defaultValue = "128", paramLabel = "N",
            description = "Samples per batch. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(names = "--batches", defaultValue = "1", paramLabel = "N",
            description = "Number of batches. Default: ${DEFAULT-VALUE}.")
    int batches;

    @Option(names = "--sequential",
            description = "Take the first batches in file order instead of seeded random batches.")
    boolean sequential;

    @Option(names = "--normalize", paramLabel = "MEAN,STD",
            description = "After scaling pixels to [0,1], apply (x - MEAN) / STD.")
    String normalize;

    @Option(names = "--x-array", defaultValue = DataRequest.DEFAULT_X, paramLabel = "NAME",
            description = "NPZ array holding the samples. Default: ${DEFAULT-VALUE}.")
    String xArray;

    @Option(names = "--y-array", defaultValue = DataRequest.DEFAULT_Y, paramLabel = "NAME",
            description = "NPZ array holding the labels. Default: ${DEFAULT-VALUE}.")
    String yArray;

    DataRequest request() {
        DataRequest request = DataRequest.of(data, split).withArrays(xArray, yArray);
        if (labels != null) {
            request = request.withLabels(labels);
        }
        if (normalize != null) {
            request = request.withNormalization(parseNormalization(normalize));
        }
        return request;
    }

    BatchPlan plan(int datasetSize, long seed) {
        return sequential
                ? BatchPlan.sequential(datasetSize, batchSize, batches)
                : BatchPlan.random(datasetSize, batchSize, batches, seed);
    }

    static Normalization parseNormalization(String text) {
        String[] parts = text.split(",");
        if (parts.length != 2) {
            throw LlaException.usage("--normalize " + text + ": expected MEAN,STD, e.g. 0.1307,0.3081");
        }
        try {
            return new Normalization(Double.parseDouble(parts[0].trim()), Double.parseDouble(parts[1].trim()));
        } catch (NumberFormatException e) {
            throw LlaException.usage("--normalize " + text + ": MEAN and STD must be numbers");
        }
    }
}
