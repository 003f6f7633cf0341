package dev.lla.core.model.torch;

import dev.lla.core.model.torch.TorchScriptPickle.Instance;
import dev.lla.core.model.torch.TorchScriptPickle.Nothing;
import dev.lla.core.model.torch.TorchScriptPickle.Tensor;
import dev.lla.core.model.torch.TorchScriptPickle.Unsupported;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A TorchScript model's parameters counted from its archive alone, in milliseconds and before
 * libtorch is loaded (about 0.7 s on a 2-core machine), so that a run whose memory plan cannot
 * fit is refused at once. The module tree comes from {@code data.pkl}; which attributes of each
 * module are parameters (not buffers, such as BatchNorm's running statistics) comes from its
 * class's {@code __parameters__} in {@code code/}.
 *
 * <p>The count is given only when it is certain: an archive with anything this reader does not
 * understand, a class without its code, a tensor or module reached twice (tied weights, whose
 * count depends on how libtorch lists them), or parameters of several dtypes gives none, and the
 * caller learns the count from the loaded model instead.
 */
public final class TorchScriptParameters {

    /** One parameter: its dotted name as libtorch lists it ({@code layer1.0.conv1.weight}) and size. */
    public record Parameter(String name, long elements) {}

    /**
     * The parameters, in the order the archive holds them, and the bytes of one of their scalars.
     */
    public record Count(List<Parameter> parameters, int scalarBytes) {
        public Count {
            parameters = List.copyOf(parameters);
        }

        /** Elements of the parameters whose names {@code include} accepts. */
        public long elements(java.util.function.Predicate<String> include) {
            return parameters.stream().filter(p -> include.test(p.name())).mapToLong(Parameter::elements).sum();
        }
    }

    /** {@code class Conv2d(Module):} then, first in its body, {@code __parameters__ = ["weight", "bias", ]}. */
    private static final Pattern CLASS_PARAMETERS = Pattern.compile(
            "^class (\\w+)\\(.*\\n\\s+__parameters__ = \\[([^\\]]*)\\]", Pattern.MULTILINE);

    private static final Pattern QUOTED = Pattern.compile("\"([^\"]*)\"");

    /** Bytes per scalar of the storage classes parameters can have. */
    private static final Map<String, Integer> SCALAR_BYTES = Map.of(
            "FloatStorage", 4, "DoubleStorage", 8, "HalfStorage", 2, "BFloat16Storage", 2);

    private TorchScriptParameters() {}

    /** The parameters of the TorchScript archive at {@code path}, or empty when they are not certain. */
    public static Optional<Count> of(Path path) {
        try (ZipFile zip = new ZipFile(path.toFile())) {
            ZipEntry data = null;
            Map<String, List<String>> parameterNames = new HashMap<>();
            for (ZipEntry entry : Collections.list(zip.entries())) {
                String name = entry.getName();
                int slash = name.indexOf('/');
                if (name.equals(name.substring(0, slash + 1) + "data.pkl")) {
                    data = entry;
                }
                int code = name.indexOf("/code/");
                if (code >= 0 && code == slash && name.endsWith(".py")) {
                    String module = name.substring(code + "/code/".length(), name.length() - ".py".length())
                            .replace('/', '.');
                    classes(module, new String(read(zip, entry), StandardCharsets.UTF_8), parameterNames);
                }
            }
            if (data == null) {
                return Optional.empty();
            }
            Object root = TorchScriptPickle.read(read(zip, data));
            return new Walk(parameterNames).count(root);
        } catch (IOException | Unsupported | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static byte[] read(ZipFile zip, ZipEntry entry) throws IOException {
        try (InputStream in = zip.getInputStream(entry)) {
            return in.readAllBytes();
        }
    }

    private static void classes(String module, String code, Map<String, List<String>> into) {
        Matcher m = CLASS_PARAMETERS.matcher(code);
        while (m.find()) {
            List<String> names = new ArrayList<>();
            Matcher quoted = QUOTED.matcher(m.group(2));
            while (quoted.find()) {
                names.add(quoted.group(1));
            }
            into.put(module + "." + m.group(1), names);
        }
    }

    /** The module tree walked once, each module's own parameters before its submodules'. */
    private static final class Walk {
        private final Map<String, List<String>> parameterNames;
        private final List<Parameter> found = new ArrayList<>();
        private final Set<Object> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        private final Set<String> storages = new HashSet<>();
        private final Set<String> storageTypes = new HashSet<>();

        Walk(Map<String, List<String>> parameterNames) {
            this.parameterNames = parameterNames;
        }

        Optional<Count> count(Object root) throws Unsupported {
            if (!(root instanceof Instance module)) {
                throw new Unsupported("the root is not a module");
            }
            visit(module, "");
            if (storageTypes.size() != 1) {
                throw new Unsupported("parameters of storage types " + storageTypes);
            }
            Integer bytes = SCALAR_BYTES.get(storageTypes.iterator().next());
            if (bytes == null) {
                throw new Unsupported("parameters in " + storageTypes);
            }
            return Optional.of(new Count(found, bytes));
        }

        private void visit(Instance module, String prefix) throws Unsupported {
            if (!seen.add(module)) {
                throw new Unsupported("a module reached twice");
            }
            List<String> names = parameterNames.get(module.type.qualified());
            if (names == null) {
                throw new Unsupported("no code for " + module.type.qualified());
            }
            for (String name : names) {
                if (!module.attributes.containsKey(name)) {
                    throw new Unsupported("no attribute " + prefix + name);
                }
                Object value = module.attributes.get(name);
                if (value == Nothing.NONE) {
                    continue; // e.g. bias=False: the parameter slot holds None
                }
                if (!(value instanceof Tensor tensor) || !seen.add(tensor)
                        || !storages.add(tensor.storage().key())) {
                    throw new Unsupported("parameter " + prefix + name + " is not a tensor of its own");
                }
                storageTypes.add(tensor.storage().type());
                found.add(new Parameter(prefix + name, tensor.elements()));
            }
            for (Map.Entry<Object, Object> attribute : module.attributes.entrySet()) {
                if (attribute.getValue() instanceof Instance submodule) {
                    visit(submodule, prefix + attribute.getKey() + ".");
                }
            }
        }
    }
}
