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

    /** The dotted path of {@code onnxName}, each part a valid identifier. */
    static List<String> path(String onnxName) {
        List<String> parts = new ArrayList<>();
        for (String part : onnxName.split("\\.", -1)) {
            parts.add(identifier(part));
        }
        return parts;
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
