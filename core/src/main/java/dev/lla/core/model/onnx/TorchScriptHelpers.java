package dev.lla.core.model.onnx;

import java.util.Map;

/**
 * Methods of the generated class for ONNX semantics that no single torch call has; the class
 * gets only those that its graph uses.
 */
final class TorchScriptHelpers {

    static final String RESHAPE = "_onnx_reshape";
    static final String DIV = "_onnx_div";
    static final String INT_DIV = "_onnx_int_div";
    static final String GLOBAL_AVERAGE = "_onnx_global_average";
    static final String GLOBAL_MAX = "_onnx_global_max";
    static final String SAME_PAD = "_onnx_same_pad";
    static final String SLICE = "_onnx_slice";
    static final String EXPAND = "_onnx_expand";
    static final String UNSQUEEZE = "_onnx_unsqueeze";
    static final String SQUEEZE = "_onnx_squeeze";
    static final String FLATTEN = "_onnx_flatten";
    static final String GATHER = "_onnx_gather";
    static final String RESIZE_AXIS = "_onnx_resize_axis";
    static final String PAD = "_onnx_pad";
    static final String RESIZE_TO = "_onnx_resize_to";
    static final String CONV_TRANSPOSE_TO = "_onnx_conv_transpose_to";
    static final String POOL_INDICES = "_onnx_pool_indices";

    private TorchScriptHelpers() {}

    private static final Map<String, String> SOURCE = Map.ofEntries(
            // ONNX Reshape: 0 copies the input's size at that position, -1 is inferred
            Map.entry(RESHAPE, """
                def _onnx_reshape(self: __torch__.%s,
                    x: Tensor,
                    values: List[int]) -> Tensor:
                    dims = annotate(List[int], [])
                    for i in range(len(values)):
                      d = values[i]
                      if d == 0:
                        d = x.size(i)
                      dims.append(d)
                    return torch.reshape(x, dims)
                """),
            // ONNX Div truncates integer operands (shape arithmetic); torch.div would not
            Map.entry(DIV, """
                def _onnx_div(self: __torch__.%s,
                    a: Tensor,
                    b: Tensor) -> Tensor:
                    if torch.is_floating_point(a):
                      return torch.div(a, b)
                    return torch.div(a, b, rounding_mode="trunc")
                """),
            // the same on the ints of shape arithmetic: // floors, ONNX truncates toward zero
            Map.entry(INT_DIV, """
                def _onnx_int_div(self: __torch__.%s,
                    a: int,
                    b: int) -> int:
                    q = a // b
                    if q < 0 and q * b != a:
                      q = q + 1
                    return q
                """),
            Map.entry(GLOBAL_AVERAGE, """
                def _onnx_global_average(self: __torch__.%s,
                    x: Tensor) -> Tensor:
                    return torch.mean(x, list(range(2, x.dim())), True)
                """),
            Map.entry(GLOBAL_MAX, """
                def _onnx_global_max(self: __torch__.%s,
                    x: Tensor) -> Tensor:
                    return torch.amax(x, list(range(2, x.dim())), True)
                """),
            // auto_pad SAME_UPPER/SAME_LOWER: the pads depend on the input's size, known only when it runs
            Map.entry(SAME_PAD, """
                def _onnx_same_pad(self: __torch__.%s,
                    x: Tensor,
                    kernel: List[int],
                    strides: List[int],
                    dilations: List[int],
                    lower: bool,
                    value: float) -> Tensor:
                    n = len(kernel)
                    pads = annotate(List[int], [])
                    for i in range(n):
                      j = n - 1 - i
                      size = x.size(x.dim() - 1 - i)
                      out = (size + strides[j] - 1) // strides[j]
                      total = max((out - 1) * strides[j] + (kernel[j] - 1) * dilations[j] + 1 - size, 0)
                      half = total // 2
                      if lower:
                        pads.append(total - half)
                        pads.append(half)
                      else:
                        pads.append(half)
                        pads.append(total - half)
                    return torch.constant_pad_nd(x, pads, value)
                """),
            // ONNX Slice on one axis: negative starts/ends count from the end, out-of-range ones
            // clamp, and a negative step walks backwards (torch.slice takes positive steps only)
            Map.entry(SLICE, """
                def _onnx_slice(self: __torch__.%s,
                    x: Tensor,
                    dim: int,
                    start: int,
                    end: int,
                    step: int) -> Tensor:
                    n = x.size(dim)
                    if start < 0:
                      start = start + n
                    if end < 0:
                      end = end + n
                    if step > 0:
                      start = min(max(start, 0), n)
                      end = min(max(end, 0), n)
                      return torch.slice(x, dim, start, end, step)
                    start = min(max(start, -1), n - 1)
                    end = min(max(end, -1), n - 1)
                    if start <= end:
                      return torch.slice(x, dim, 0, 0, 1)
                    count = (start - end - 1) // (0 - step) + 1
                    index = torch.arange(start, start + step * count, step, dtype=4, device=x.device)
                    return torch.index_select(x, dim, index)
                """),
            // ONNX Expand broadcasts both ways: a 1 in shape keeps the input's size there
            Map.entry(EXPAND, """
                def _onnx_expand(self: __torch__.%s,
                    x: Tensor,
                    dims: List[int]) -> Tensor:
                    rank = max(len(dims), x.dim())
                    out = annotate(List[int], [])
                    for i in range(rank):
                      a = 1
                      k = i - (rank - x.dim())
                      if k >= 0:
                        a = x.size(k)
                      b = 1
                      j = i - (rank - len(dims))
                      if j >= 0:
                        b = dims[j]
                      if b == 1:
                        out.append(a)
                      else:
                        out.append(b)
                    return x.expand(out)
                """),
            // negative axes count from the end of the output, whose rank is known only when it runs
            Map.entry(UNSQUEEZE, """
                def _onnx_unsqueeze(self: __torch__.%s,
                    x: Tensor,
                    axes: List[int]) -> Tensor:
                    rank = x.dim() + len(axes)
                    dims = annotate(List[int], [])
                    for a in axes:
                      if a < 0:
                        a = a + rank
                      dims.append(a)
                    dims.sort()
                    for a in dims:
                      x = torch.unsqueeze(x, a)
                    return x
                """),
            Map.entry(SQUEEZE, """
                def _onnx_squeeze(self: __torch__.%s,
                    x: Tensor,
                    axes: List[int]) -> Tensor:
                    dims = annotate(List[int], [])
                    for a in axes:
                      if a < 0:
                        a = a + x.dim()
                      dims.append(a)
                    dims.sort()
                    for i in range(len(dims)):
                      x = torch.squeeze(x, dims[len(dims) - 1 - i])
                    return x
                """),
            // ONNX Flatten: a 2-D result [prod(dims < axis), prod(dims >= axis)], axis may be negative
            Map.entry(FLATTEN, """
                def _onnx_flatten(self: __torch__.%s,
                    x: Tensor,
                    axis: int) -> Tensor:
                    if axis < 0:
                      axis = axis + x.dim()
                    outer = 1
                    for i in range(axis):
                      outer = outer * x.size(i)
                    return torch.reshape(x, [outer, -1])
                """),
            // ONNX Gather: indices of any rank, negative ones counting from the end of the axis
            Map.entry(GATHER, """
                def _onnx_gather(self: __torch__.%s,
                    data: Tensor,
                    axis: int,
                    indices: Tensor) -> Tensor:
                    if axis < 0:
                      axis = axis + data.dim()
                    flat = torch.remainder(torch.flatten(indices), data.size(axis))
                    picked = torch.index_select(data, axis, flat.to(data.device))
                    size = data.size()
                    shape = size[:axis] + indices.size() + size[axis + 1:]
                    return torch.reshape(picked, shape)
                """),
            // ONNX Pad with pads computed when the model runs (torch.onnx.export writes F.pad so):
            // ONNX lists all begins then all ends, torch (begin, end) pairs from the last dimension
            Map.entry(PAD, """
                def _onnx_pad(self: __torch__.%s,
                    x: Tensor,
                    pads: Tensor,
                    mode: str,
                    value: float) -> Tensor:
                    p = annotate(List[int], pads.tolist())
                    r = len(p) // 2
                    order = annotate(List[int], [])
                    for i in range(r):
                      order.append(p[r - 1 - i])
                      order.append(p[2 * r - 1 - i])
                    if mode == "constant":
                      return torch.constant_pad_nd(x, order, value)
                    # the leading dimensions' zero pairs go: torch pads as many trailing dimensions as pairs,
                    # and refuses more than it can reflect or replicate
                    k = r
                    while k > 0 and order[2 * k - 1] == 0 and order[2 * k - 2] == 0:
                      k = k - 1
                    if k == 0:
                      return x
                    return torch.pad(x, order[:2 * k], mode)
                """),
            // ONNX ConvTranspose with output_shape or auto_pad SAME_*: the pads follow from the input
            // size (total = s (in - 1) + output_padding + (k - 1) d + 1 - out, split as ONNX says);
            // the unpadded result is cropped (negative pads) or zero-extended, then the bias added
            Map.entry(CONV_TRANSPOSE_TO, """
                def _onnx_conv_transpose_to(self: __torch__.%s,
                    x: Tensor,
                    w: Tensor,
                    b: Optional[Tensor],
                    strides: List[int],
                    dilations: List[int],
                    output_padding: List[int],
                    group: int,
                    out: List[int],
                    upper: bool) -> Tensor:
                    n = len(strides)
                    zeros = annotate(List[int], [])
                    for i in range(n):
                      zeros.append(0)
                    if n == 1:
                      y = torch.conv_transpose1d(x, w, None, strides, zeros, zeros, group, dilations)
                    elif n == 2:
                      y = torch.conv_transpose2d(x, w, None, strides, zeros, zeros, group, dilations)
                    else:
                      y = torch.conv_transpose3d(x, w, None, strides, zeros, zeros, group, dilations)
                    pads = annotate(List[int], [])
                    for i in range(n):
                      j = n - 1 - i
                      size = x.size(2 + j)
                      target = out[j]
                      if target < 0:
                        target = size * strides[j]
                      total = strides[j] * (size - 1) + output_padding[j] + (w.size(2 + j) - 1) * dilations[j] + 1 - target
                      start = total - total // 2
                      if upper:
                        start = total // 2
                      pads.append(0 - start)
                      pads.append(output_padding[j] - (total - start))
                    y = torch.constant_pad_nd(y, pads, 0.)
                    if b is not None:
                      shape = annotate(List[int], [1, -1])
                      for i in range(n):
                        shape.append(1)
                      y = y + torch.reshape(b, shape)
                    return y
                """),
            // MaxPool's Indices: torch numbers within each (sample, channel) plane, ONNX over the
            // whole row-major input tensor
            Map.entry(POOL_INDICES, """
                def _onnx_pool_indices(self: __torch__.%s,
                    x: Tensor,
                    indices: Tensor) -> Tensor:
                    plane = 1
                    for i in range(2, x.dim()):
                      plane = plane * x.size(i)
                    shape = annotate(List[int], [x.size(0), x.size(1)])
                    for i in range(2, x.dim()):
                      shape.append(1)
                    offsets = torch.arange(x.size(0) * x.size(1), dtype=4, device=x.device) * plane
                    return indices + torch.reshape(offsets, shape)
                """),
            // ONNX Resize to sizes computed when the model runs (F.interpolate(size=...) exports so);
            // an axis that keeps its size maps onto itself, except by tf_half_pixel_for_nn's shift
            Map.entry(RESIZE_TO, """
                def _onnx_resize_to(self: __torch__.%s,
                    x: Tensor,
                    sizes: Tensor,
                    coordinate: int,
                    nearest: int,
                    kind: int,
                    a: float,
                    exclude: bool) -> Tensor:
                    dims = annotate(List[int], sizes.tolist())
                    for axis in range(len(dims)):
                      if dims[axis] != x.size(axis) or coordinate == 4:
                        x = (self)._onnx_resize_axis(x, axis, dims[axis], -1., coordinate, nearest, kind, a, exclude)
                    return x
                """),
            // ONNX Resize along one axis (kind 0 nearest, 1 linear, 2 cubic with coefficient a and
            // exclude_outside), computed from the ONNX formulas; outside the input, edge values:
            // size < 0 means floor(n * scale), scale <= 0 means size / n; as in the ONNX reference, the
            // resized length in the align_corners and pytorch_half_pixel formulas is n * scale unfloored
            Map.entry(RESIZE_AXIS, """
                def _onnx_resize_axis(self: __torch__.%s,
                    x: Tensor,
                    axis: int,
                    size: int,
                    scale: float,
                    coordinate: int,
                    nearest: int,
                    kind: int,
                    a: float,
                    exclude: bool) -> Tensor:
                    n = x.size(axis)
                    length = float(size)
                    if size < 0:
                      length = n * scale
                      size = int(length)
                    if scale <= 0.:
                      scale = size / n
                    out = torch.arange(size, dtype=7, device=x.device)
                    if coordinate == 0:
                      c = (out + 0.5) / scale - 0.5
                    elif coordinate == 1:
                      if length > 1.:
                        c = (out + 0.5) / scale - 0.5
                      else:
                        c = out * 0.
                    elif coordinate == 2:
                      if length != 1.:
                        c = out * ((n - 1) / (length - 1.))
                      else:
                        c = out * 0.
                    elif coordinate == 3:
                      c = out / scale
                    else:
                      c = (out + 0.5) / scale
                    shape = annotate(List[int], [])
                    for i in range(x.dim()):
                      shape.append(1)
                    shape[axis] = size
                    if kind == 2:
                      low = torch.floor(c)
                      t = c - low
                      s = 1. - t
                      w0 = ((a * (t + 1.) - 5. * a) * (t + 1.) + 8. * a) * (t + 1.) - 4. * a
                      w1 = ((a + 2.) * t - (a + 3.)) * t * t + 1.
                      w2 = ((a + 2.) * s - (a + 3.)) * s * s + 1.
                      w3 = ((a * (s + 1.) - 5. * a) * (s + 1.) + 8. * a) * (s + 1.) - 4. * a
                      weights = [w0, w1, w2, w3]
                      first = low.to(4) - 1
                      if exclude:
                        total = torch.zeros_like(t)
                        for k in range(4):
                          inside = torch.logical_and(first + k >= 0, first + k <= n - 1)
                          weights[k] = torch.where(inside, weights[k], torch.zeros_like(t))
                          total = total + weights[k]
                        for k in range(4):
                          weights[k] = weights[k] / total
                      y = torch.zeros_like(torch.index_select(x, axis, torch.clamp(first, 0, n - 1)))
                      for k in range(4):
                        w = torch.reshape(weights[k].to(x.dtype), shape)
                        y = y + torch.index_select(x, axis, torch.clamp(first + k, 0, n - 1)) * w
                      return y
                    if kind == 1:
                      c = torch.clamp(c, 0., float(n - 1))
                      low = torch.floor(c)
                      i0 = low.to(4)
                      i1 = torch.clamp(i0 + 1, 0, n - 1)
                      w = torch.reshape((c - low).to(x.dtype), shape)
                      below = torch.index_select(x, axis, i0)
                      above = torch.index_select(x, axis, i1)
                      return below * (1. - w) + above * w
                    if nearest == 0:
                      r = torch.ceil(c - 0.5)
                    elif nearest == 1:
                      r = torch.floor(c + 0.5)
                    elif nearest == 2:
                      r = torch.floor(c)
                    else:
                      r = torch.ceil(c)
                    return torch.index_select(x, axis, torch.clamp(r, 0., float(n - 1)).to(4))
                """));

    /** The source of {@code helper} as a method of class {@code className}, indented for the class body. */
    static String source(String helper, String className) {
        String method = SOURCE.get(helper).formatted(className);
        return method.lines().map(l -> "  " + l + "\n").reduce("", String::concat);
    }
}
