package dev.lla.core.model;

import dev.lla.core.model.onnx.OnnxTranslator;
import dev.lla.core.model.torch.TorchRuntime;
import dev.lla.core.model.torch.TorchScriptModel;
import java.nio.file.Path;
import java.util.Locale;

/** Opens a model file in the format its name says. */
public final class Models {

    private Models() {}

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
    public static TrainableModel<?> open(Path path, String device, java.util.function.Predicate<String> include) {
        return open(path, device, include, Loss.CROSS_ENTROPY);
    }

    /** Loads {@code path} as {@link #open(Path, String, java.util.function.Predicate)}, with {@code loss} as L(w). */
    public static TrainableModel<?> open(Path path, String device, java.util.function.Predicate<String> include,
            Loss loss) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".onnx")) {
            // translated once into a TorchScript archive, then loaded like any scripted model
            Path archive = OnnxTranslator.translateToTemporaryArchive(path);
            return TorchScriptModel.load(archive, TorchRuntime.device(device), include, loss);
        }
        return TorchScriptModel.load(path, TorchRuntime.device(device), include, loss);
    }
}
