package dev.lla.core.hesd;

import dev.lla.core.data.NpyArray;
import dev.lla.core.data.NpzReader;
import dev.lla.core.data.NpzWriter;
import dev.lla.core.model.ParameterArrays;
import dev.lla.core.model.ParameterInfo;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Ritz vectors of {@code lla hesd --eigenvectors} ({@code eigenvectors.npz}), keyed by
 * parameter name as {@code directions.npz} is: arrays {@code "<group><key>/<parameter name>"}
 * (float32, the parameter's shape) for keys {@code top1} … {@code topk} and {@code min}, and per
 * group {@code "<group>eigenvalues"} and {@code "<group>residuals"} (float64, in the order top1 …
 * topk, min). The group is empty for one Hessian (the mean, or a single batch), else {@code
 * "batch<i>/"} per batch.
 */
public final class EigenvectorsFile {

    private EigenvectorsFile() {}

    /** The archive's bytes; {@code vectors} as {@link HesdRun#eigenvectors} orders them. */
    public static byte[] toBytes(List<ParameterInfo> parameters, List<Eigenvector> vectors) {
        boolean grouped = vectors.stream().map(Eigenvector::batch).distinct().count() > 1;
        Map<String, List<Eigenvector>> groups = new LinkedHashMap<>();
        for (Eigenvector v : vectors) {
            groups.computeIfAbsent(grouped ? "batch" + v.batch() + "/" : "", g -> new ArrayList<>()).add(v);
        }
        Map<String, NpyArray> arrays = new LinkedHashMap<>();
        groups.forEach((group, members) -> {
            for (Eigenvector v : members) {
                put(arrays, group + v.key() + "/", parameters, v.values());
            }
            arrays.put(group + "eigenvalues", NpzWriter.float64(members.stream().mapToDouble(Eigenvector::value).toArray()));
            arrays.put(group + "residuals", NpzWriter.float64(members.stream().mapToDouble(Eigenvector::residual).toArray()));
        });
        return NpzWriter.toBytes(arrays);
    }

    /** The vector saved under {@code prefix} (e.g. {@code "top1/"}), flat in parameter order. */
    public static float[] read(Path file, String prefix, List<ParameterInfo> parameters) {
        return ParameterArrays.read(file, NpzReader.arrayNames(file), prefix, parameters, true);
    }

    private static void put(Map<String, NpyArray> arrays, String prefix, List<ParameterInfo> parameters, float[] flat) {
        int offset = 0;
        for (ParameterInfo p : parameters) {
            int size = Math.toIntExact(p.size());
            int[] shape = Arrays.stream(p.shape()).mapToInt(Math::toIntExact).toArray();
            arrays.put(prefix + p.name(), NpzWriter.float32(shape, Arrays.copyOfRange(flat, offset, offset + size)));
            offset += size;
        }
    }
}
