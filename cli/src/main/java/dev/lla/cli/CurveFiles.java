package dev.lla.cli;

import dev.lla.core.LlaException;
import dev.lla.core.connect.CurveStore;
import dev.lla.core.data.NpyArray;
import dev.lla.core.data.NpzReader;
import dev.lla.core.data.NpzWriter;
import dev.lla.core.train.OptimizerState;
import dev.lla.render.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The curve's state of a running {@code lla connect} in {@code connect.state/}: {@code trainer.pt}
 * (the training model, BatchNorm statistics included) and {@code curve.npz} (arrays {@code theta},
 * {@code adam/<buffer>} flat in parameter order, int64 scalars {@code step} and {@code epochs}).
 * The model is written before the arrays and both before the epoch is journaled, so a journaled
 * epoch always finds its state.
 */
record CurveFiles(Path dir) implements CurveStore {

    private static final String ADAM = "adam/";

    Path trainer() {
        Path file = dir.resolve("trainer.pt");
        if (!Files.isRegularFile(file)) {
            throw LlaException.input(file + " is missing, but the journal has epochs of the curve;"
                    + " rerun without --resume to start over");
        }
        return file;
    }

    @Override
    public void save(int epochs, float[] theta, OptimizerState adam, byte[] trainer) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw LlaException.input("cannot create " + dir + " (" + e.getMessage() + ")", e);
        }
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        arrays.put("theta", NpzWriter.float32(new int[] {theta.length}, theta));
        for (Map.Entry<String, float[]> buffer : adam.buffers().entrySet()) {
            arrays.put(ADAM + buffer.getKey(), NpzWriter.float32(new int[] {buffer.getValue().length},
                    buffer.getValue()));
        }
        arrays.put("step", NpzWriter.int64(adam.step()));
        arrays.put("epochs", NpzWriter.int64(epochs));
        AtomicFiles.write(dir.resolve("trainer.pt"), trainer);
        AtomicFiles.write(curve(), NpzWriter.toBytes(arrays));
    }

    @Override
    public Optional<Saved> load() {
        Path file = curve();
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        List<String> names = NpzReader.arrayNames(file);
        Map<String, float[]> buffers = new LinkedHashMap<>();
        for (String name : names) {
            if (name.startsWith(ADAM)) {
                buffers.put(name.substring(ADAM.length()), NpzReader.read(file, name).toFloatArray());
            }
        }
        OptimizerState adam = new OptimizerState(NpzReader.read(file, "step").getLong(0), buffers);
        int epochs = Math.toIntExact(NpzReader.read(file, "epochs").getLong(0));
        return Optional.of(new Saved(epochs, NpzReader.read(file, "theta").toFloatArray(), adam));
    }

    /** Removes the state once the final results are written. */
    void delete() {
        try {
            Files.deleteIfExists(dir.resolve("trainer.pt"));
            Files.deleteIfExists(curve());
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            throw LlaException.input("cannot remove " + dir + " (" + e.getMessage() + ")", e);
        }
    }

    private Path curve() {
        return dir.resolve("curve.npz");
    }
}
