package dev.lla.core.model;

import dev.lla.core.LlaException;
import dev.lla.core.model.onnx.OnnxTranslator;
import dev.lla.core.model.torch.TorchRuntime;
import dev.lla.core.model.torch.TorchScriptModel;
import dev.lla.core.model.torch.TorchScriptParameters;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/** Opens a model file in the format its name says. */
public final class Models {

    /** One file's translation and the temporary archive libtorch loads, reused by every later open. */
    private record Translated(OnnxTranslator.Translation translation, Path archive) {}

    /** The file (absolute, with its size and time, so that a rewritten file is translated again) and output. */
    private record Key(Path file, long size, long modified, String output) {}

    private static final Map<Key, Translated> TRANSLATED = new ConcurrentHashMap<>();

    private Models() {}

    /** libtorch's load on a daemon thread, once started by {@link #preloadEngine}. */
    private static Thread engineLoad;

    /**
     * Starts libtorch's load on a daemon thread, once per process. The load takes about half a
     * second on the CPU, as long as the JVM takes to set up the command line, so a command that
     * starts it first has the engine ready when it opens its model. The first use of the engine
     * waits for the load; a load that fails is left for that use to report. Exiting while the
     * native library is still initializing is not safe, and waits for it anyway (glibc's exit
     * takes the loader's lock), so call {@link #awaitEngineLoad} before the process exits.
     */
    public static synchronized void preloadEngine() {
        if (engineLoad != null) {
            return;
        }
        engineLoad = new Thread(() -> {
            try {
                TorchRuntime.engine();
            } catch (RuntimeException e) {
                // reported by the command's own first use of the engine, with its exit code
            }
        }, "libtorch-load");
        engineLoad.setDaemon(true);
        engineLoad.start();
    }

    /** Waits at most {@code millis} for a load {@link #preloadEngine} started; returns at once if none. */
    public static void awaitEngineLoad(long millis) throws InterruptedException {
        Thread load;
        synchronized (Models.class) {
            load = engineLoad;
        }
        if (load != null) {
            load.join(millis);
        }
    }

    /**
     * The size of {@code path}'s parameters and the memory of the CPU it will run on, known
     * without libtorch, so that a run that cannot fit is refused before the half second its load
     * takes: for a TorchScript archive whose parameters {@link TorchScriptParameters} can count
     * with certainty, on a {@code device} that is certain to be the CPU. Empty otherwise (ONNX,
     * a GPU or a build that may have one, an archive it cannot read): then only the loaded model
     * knows.
     */
    public static Optional<ModelSize> sizeBeforeEngine(Path path, String device, Predicate<String> include) {
        if (isOnnx(path) || !TorchRuntime.isCpuWithoutEngine(device)) {
            return Optional.empty();
        }
        return TorchScriptParameters.of(path).map(count -> new ModelSize(count.elements(include),
                TorchScriptModel.cpuMemory(count.scalarBytes())));
    }

    /**
     * Loads {@code path} on {@code device} ({@code auto}, {@code cpu}, {@code cuda[:N]}).
     * TorchScript ({@code .pt}, {@code .pth}, {@code .jit}, {@code .ts}) is read by libtorch; ONNX
     * ({@code .onnx}) is first translated into TorchScript by {@link OnnxTranslator}.
     */
    public static TrainableModel<?> open(Path path, String device) {
        return open(path, device, name -> true);
    }

    /**
     * Loads {@code path} with only the parameter tensors whose names {@code include} accepts as
     * the Hessian's variables (a block of the full Hessian); the others stay fixed.
     */
    public static TrainableModel<?> open(Path path, String device, Predicate<String> include) {
        return open(path, device, include, Loss.CROSS_ENTROPY);
    }

    /** Loads {@code path} as {@link #open(Path, String, Predicate)}, with {@code loss} as L(w). */
    public static TrainableModel<?> open(Path path, String device, Predicate<String> include, Loss loss) {
        return open(path, device, include, loss, null);
    }

    /**
     * As {@link #open(Path, String, Predicate, Loss)}; {@code output} names the ONNX graph output
     * to differentiate (null: the graph's only output). TorchScript models take no {@code output}.
     */
    public static TrainableModel<?> open(Path path, String device, Predicate<String> include, Loss loss,
            String output) {
        if (isOnnx(path)) {
            // translated once into a TorchScript archive, then loaded like any scripted model
            return TorchScriptModel.load(translated(path, output).archive(), TorchRuntime.device(device), include,
                    loss);
        }
        refuseOutput(path, output);
        return TorchScriptModel.load(path, TorchRuntime.device(device), include, loss);
    }

    /**
     * The model's format and, for ONNX, what became of BatchNorm and which output is used; refuses
     * an ONNX file that cannot be translated with the same one-line errors as {@link #open}.
     */
    public static ModelDescription describe(Path path, String output) {
        if (isOnnx(path)) {
            return description(translated(path, output).translation());
        }
        refuseOutput(path, output);
        return new ModelDescription("torchscript", null, null);
    }

    /** The generated TorchScript archive of an ONNX file, as {@code lla convert} writes it. */
    public static ConvertedModel convert(Path path, String output) {
        if (!isOnnx(path)) {
            throw LlaException.input(path + ": not an ONNX model (.onnx); lla converts ONNX into TorchScript");
        }
        OnnxTranslator.Translation t = translated(path, output).translation();
        return new ConvertedModel(t.archive(), description(t));
    }

    private static ModelDescription description(OnnxTranslator.Translation t) {
        return new ModelDescription("onnx", t.batchNorm().label(), t.output());
    }

    /** True for an ONNX file ({@code .onnx}, any case), which lla translates; anything else is TorchScript. */
    public static boolean isOnnx(Path path) {
        return path.getFileName() != null
                && path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".onnx");
    }

    private static void refuseOutput(Path path, String output) {
        if (output != null) {
            throw LlaException.usage("--output " + output + " names an output of an ONNX graph, but " + path
                    + " is TorchScript, which returns one tensor");
        }
    }

    private static Translated translated(Path path, String output) {
        Key key = key(path, output);
        Translated done = TRANSLATED.get(key);
        if (done == null) {
            OnnxTranslator.Translation translation = OnnxTranslator.translate(path, output);
            done = new Translated(translation, OnnxTranslator.temporaryArchive(translation, path));
            TRANSLATED.put(key, done);
        }
        return done;
    }

    private static Key key(Path path, String output) {
        try {
            return new Key(path.toAbsolutePath().normalize(), Files.size(path),
                    Files.getLastModifiedTime(path).toMillis(), output);
        } catch (IOException e) {
            // a missing or unreadable file: the translator says so in its own words
            OnnxTranslator.translate(path, output);
            throw LlaException.input(path + ": cannot read model file (" + e.getMessage() + ")", e);
        }
    }
}
