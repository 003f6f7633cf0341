package dev.lla.core.model.onnx;

import java.util.Map;

/**
 * Methods of the generated class for ONNX semantics that no single torch call has; the class
 * gets only those that its graph uses.
 */
final class TorchScriptHelpers {

    static final String RESHAPE = "_onnx_reshape";
    static final String DIV = "_onnx_div";
    static final String GLOBAL_AVERAGE = "_onnx_global_average";
    static final String GLOBAL_MAX = "_onnx_global_max";

    private TorchScriptHelpers() {}

    private static final Map<String, String> SOURCE = Map.of(
            // ONNX Reshape: 0 copies the input's size at that position, -1 is inferred
            RESHAPE, """
                def _onnx_reshape(self: __torch__.%s,
                    x: Tensor,
                    shape: Tensor) -> Tensor:
                    values = annotate(List[int], shape.tolist())
                    dims = annotate(List[int], [])
                    for i in range(len(values)):
                      d = values[i]
                      if d == 0:
                        d = x.size(i)
                      dims.append(d)
                    return torch.reshape(x, dims)
                """,
            // ONNX Div truncates integer operands (shape arithmetic); torch.div would not
            DIV, """
                def _onnx_div(self: __torch__.%s,
                    a: Tensor,
                    b: Tensor) -> Tensor:
                    if torch.is_floating_point(a):
                      return torch.div(a, b)
                    return torch.div(a, b, rounding_mode="trunc")
                """,
            GLOBAL_AVERAGE, """
                def _onnx_global_average(self: __torch__.%s,
                    x: Tensor) -> Tensor:
                    return torch.mean(x, list(range(2, x.dim())), True)
                """,
            GLOBAL_MAX, """
                def _onnx_global_max(self: __torch__.%s,
                    x: Tensor) -> Tensor:
                    return torch.amax(x, list(range(2, x.dim())), True)
                """);

    /** The source of {@code helper} as a method of class {@code className}, indented for the class body. */
    static String source(String helper, String className) {
        String method = SOURCE.get(helper).formatted(className);
        return method.lines().map(l -> "  " + l + "\n").reduce("", String::concat);
    }
}
