package dev.lla.core.model.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Turns ONNX initializer names into TorchScript attribute paths: {@code conv1.weight} stays
 * {@code conv1.weight} (submodule {@code conv1}), characters an identifier cannot hold become
 * {@code _} ({@code onnx::Conv_36} becomes {@code onnx__Conv_36}).
 */
final class ParameterNames {

    /** Names a module attribute cannot take: Python keywords and the members every module has. */
    private static final Set<String> RESERVED = Set.of("training", "forward", "self", "None", "True", "False", "and",
            "or", "not", "if", "else", "for", "in", "is", "def", "class", "return", "import", "from", "as", "with",
            "while", "lambda", "pass", "break", "continue", "global", "del", "try", "except", "raise", "assert",
            "finally", "yield", "nonlocal", "elif", "async", "await");

    private ParameterNames() {}

    /**
     * The dotted path of {@code onnxName}, each part a valid identifier, except that a submodule
     * named by an index ({@code layer1.0.conv1.weight}, as {@code nn.Sequential} names its children)
     * keeps its digits: TorchScript reads it with {@code getattr(self.layer1, "0")}, as
     * {@code torch.jit.save} writes it, so that {@code named_parameters()} gives PyTorch's names.
     */
    static List<String> path(String onnxName) {
        List<String> parts = new ArrayList<>();
        String[] split = onnxName.split("\\.", -1);
        for (int i = 0; i < split.length; i++) {
            parts.add(i < split.length - 1 && isIndex(split[i]) ? split[i] : identifier(split[i]));
        }
        return parts;
    }

    /** A submodule name made of digits only, such as {@code nn.Sequential}'s {@code 0}. */
    static boolean isIndex(String part) {
        return part.matches("[0-9]+");
    }

    /** {@code onnxName} as one identifier (dots too become {@code _}), for names whose path clashes. */
    static String flat(String onnxName) {
        return identifier(onnxName.replace('.', '_'));
    }

    static String identifier(String part) {
        String id = part.replaceAll("[^A-Za-z0-9_]", "_");
        if (id.isEmpty() || Character.isDigit(id.charAt(0)) || id.startsWith("__")) {
            id = "_" + id;
        }
        return RESERVED.contains(id) || id.startsWith("_onnx_") ? id + "_" : id;
    }
}
