package dev.lla.core.model.onnx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The tensors of the generated module, as a tree of submodules so that a dotted ONNX initializer
 * name such as {@code conv1.weight} becomes submodule {@code conv1}'s parameter {@code weight} and
 * {@code named_parameters()} gives the PyTorch name back.
 */
final class ModuleState {

    /** One tensor attribute: a parameter (trainable) or a buffer (BN statistics, constants). */
    record Entry(String attribute, ConstantTensor value, boolean parameter, String storageKey) {}

    private final String className;
    private final String attribute;
    private final Map<String, Entry> tensors = new LinkedHashMap<>();
    private final Map<String, ModuleState> children = new LinkedHashMap<>();
    private int[] storageCounter;

    private ModuleState(String className, String attribute, int[] storageCounter) {
        this.className = className;
        this.attribute = attribute;
        this.storageCounter = storageCounter;
    }

    static ModuleState root(String className) {
        return new ModuleState(className, "", new int[1]);
    }

    String className() {
        return className;
    }

    String attribute() {
        return attribute;
    }

    List<Entry> tensors() {
        return new ArrayList<>(tensors.values());
    }

    List<ModuleState> children() {
        return new ArrayList<>(children.values());
    }

    /**
     * Adds a tensor under the dotted {@code path} (each part already a valid identifier) and
     * returns the TorchScript expression that reads it, e.g. {@code self.conv1.weight}; returns
     * {@code null} if the path clashes with one already added.
     */
    String add(List<String> path, ConstantTensor value, boolean parameter) {
        ModuleState module = this;
        StringBuilder expression = new StringBuilder("self");
        for (String part : path.subList(0, path.size() - 1)) {
            if (module.tensors.containsKey(part)) {
                return null;
            }
            ModuleState parent = module;
            module = module.children.computeIfAbsent(part,
                    p -> new ModuleState(parent.className + "_" + p, p, storageCounter));
            if (ParameterNames.isIndex(part)) {
                expression.insert(0, "getattr(").append(", \"").append(part).append("\")");
            } else {
                expression.append('.').append(part);
            }
        }
        String leaf = path.get(path.size() - 1);
        if (module.tensors.containsKey(leaf) || module.children.containsKey(leaf)) {
            return null;
        }
        module.tensors.put(leaf, new Entry(leaf, value, parameter, Integer.toString(storageCounter[0]++)));
        return expression.append('.').append(leaf).toString();
    }

    /** All entries of this module and its submodules, depth first. */
    List<Entry> allEntries() {
        List<Entry> all = new ArrayList<>(tensors.values());
        for (ModuleState child : children.values()) {
            all.addAll(child.allEntries());
        }
        return all;
    }

    /** The class declarations of this module's submodules (the root's own class is written by the caller). */
    void declareChildren(StringBuilder source) {
        for (ModuleState child : children.values()) {
            source.append("class ").append(child.className).append("(Module):\n");
            child.declareMembers(source);
            child.declareChildren(source);
        }
    }

    /** {@code __parameters__}, {@code __buffers__} and the typed attributes of this module's class. */
    void declareMembers(StringBuilder source) {
        source.append("  __parameters__ = [");
        tensors.values().stream().filter(Entry::parameter)
                .forEach(e -> source.append('"').append(e.attribute()).append("\", "));
        source.append("]\n  __buffers__ = [");
        tensors.values().stream().filter(e -> !e.parameter())
                .forEach(e -> source.append('"').append(e.attribute()).append("\", "));
        source.append("]\n");
        for (Entry entry : tensors.values()) {
            source.append("  ").append(entry.attribute()).append(" : Tensor\n");
        }
        source.append("  training : bool\n  _is_full_backward_hook : Optional[bool]\n");
        for (ModuleState child : children.values()) {
            // an index is no identifier: torch.jit.save declares such a child as __annotations__["0"]
            String declared = ParameterNames.isIndex(child.attribute)
                    ? "__annotations__[\"" + child.attribute + "\"] = " : child.attribute + " : ";
            source.append("  ").append(declared).append("__torch__.").append(child.className).append('\n');
        }
    }
}
