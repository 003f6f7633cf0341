package dev.lla.core.model.onnx;

import ai.onnx.proto.OnnxMl.NodeProto;
import java.util.List;
import java.util.Set;

/**
 * Resize (opsets 11 to 17) and Upsample, nearest, linear and cubic, one axis at a time by the
 * ONNX coordinate formulas ({@link TorchScriptHelpers#RESIZE_AXIS}): separable, so linear and
 * cubic on every axis are ONNX's bi- and trilinear and bicubic. tf_crop_and_resize is refused.
 */
final class ResizeOperators implements OperatorGroup {

    /** The coordinate_transformation_mode values, in the helper's numbering. */
    private static final List<String> COORDINATES =
            List.of("half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric", "tf_half_pixel_for_nn");
    private static final List<String> KINDS = List.of("nearest", "linear", "cubic");
    private static final List<String> NEAREST = List.of("round_prefer_floor", "round_prefer_ceil", "floor", "ceil");

    @Override
    public Set<String> operators() {
        return Set.of("Resize", "Upsample");
    }

    @Override
    public void translate(NodeProto node, Attributes attributes, TranslationContext c) {
        if (node.getOpType().equals("Upsample")) {
            upsample(node, attributes, c);
            return;
        }
        if (c.opset() < 11) {
            throw c.refuse().operator();
        }
        attributes.allowOnly("mode", "coordinate_transformation_mode", "nearest_mode", "cubic_coeff_a",
                "exclude_outside", "extrapolation_value");
        String mode = attributes.string("mode", "nearest");
        int kind = KINDS.indexOf(mode);
        if (kind < 0) {
            throw c.refuse().attribute("mode", "= " + mode + " is not supported (nearest, linear, cubic)");
        }
        // cubic_coeff_a and exclude_outside shape only the cubic weights
        String kindArguments = kind + ", " + Double.toString(attributes.real("cubic_coeff_a", -0.75f)) + ", "
                + (attributes.integer("exclude_outside", 0) != 0 ? "True" : "False");
        String coordinate = attributes.string("coordinate_transformation_mode", "half_pixel");
        if (!COORDINATES.contains(coordinate)) {
            throw c.refuse().attribute("coordinate_transformation_mode", "= " + coordinate + " is not supported");
        }
        String nearest = attributes.string("nearest_mode", "round_prefer_floor");
        if (!NEAREST.contains(nearest)) {
            throw c.refuse().attribute("nearest_mode", "= " + nearest + " is not supported");
        }
        ConstantTensor scales = TranslationContext.present(node, 2) ? c.known(node.getInput(2)) : null;
        if (TranslationContext.present(node, 2) && scales == null) {
            throw c.refuse().input(2, "(scales) must be a constant");
        }
        String x = c.input(node, 0);
        String shape;
        if (scales != null && scales.elementCount() > 0) {
            shape = resize(x, null, scales.doubles(), COORDINATES.indexOf(coordinate), NEAREST.indexOf(nearest),
                    kindArguments, c);
        } else if (TranslationContext.present(node, 3) && c.known(node.getInput(3)) == null) {
            c.require(TorchScriptHelpers.RESIZE_AXIS);
            c.require(TorchScriptHelpers.RESIZE_TO);
            shape = "(self)." + TorchScriptHelpers.RESIZE_TO + "(" + x + ", " + c.input(node, 3) + ", "
                    + COORDINATES.indexOf(coordinate) + ", " + NEAREST.indexOf(nearest) + ", "
                    + kindArguments + ")";
        } else {
            long[] sizes = c.knownIntegers(node, 3, "sizes");
            shape = resize(x, sizes, null, COORDINATES.indexOf(coordinate), NEAREST.indexOf(nearest),
                    kindArguments, c);
        }
        c.assign(node, shape);
    }

    private static void upsample(NodeProto node, Attributes attributes, TranslationContext c) {
        double[] scales;
        if (c.opset() < 9) {
            attributes.allowOnly("mode", "scales");
            if (attributes.raw("scales") == null) {
                throw c.refuse().attribute("scales", "is required");
            }
            List<Float> list = attributes.raw("scales").getFloatsList();
            scales = list.stream().mapToDouble(Float::doubleValue).toArray();
        } else {
            attributes.allowOnly("mode");
            ConstantTensor known = TranslationContext.present(node, 1) ? c.known(node.getInput(1)) : null;
            if (known == null) {
                throw c.refuse().input(1, "(scales) must be a constant");
            }
            scales = known.doubles();
        }
        String mode = attributes.string("mode", "nearest");
        if (!mode.equals("nearest")) {
            throw c.refuse().attribute("mode", "= " + mode + " is not supported for Upsample (only nearest)");
        }
        // Upsample's nearest: output[i] = input[floor(i / scale)]
        c.assign(node, resize(c.input(node, 0), null, scales, COORDINATES.indexOf("asymmetric"), NEAREST.indexOf("floor"),
                "0, -0.75, False", c));
    }

    /** One helper call per resized axis; {@code sizes} or {@code scales} is null. */
    private static String resize(String x, long[] sizes, double[] scales, int coordinate, int nearest, String kind,
            TranslationContext c) {
        c.require(TorchScriptHelpers.RESIZE_AXIS);
        int rank = sizes != null ? sizes.length : scales.length;
        String expression = x;
        for (int axis = 0; axis < rank; axis++) {
            if (sizes == null && scales[axis] == 1.0) {
                continue; // every formula maps an unscaled axis onto itself
            }
            // the float32 scale's exact value, as ONNX computes with it
            String scale = sizes == null ? Double.toString(scales[axis]) : "-1.";
            String size = sizes == null ? "-1" : Long.toString(sizes[axis]);
            expression = "(self)." + TorchScriptHelpers.RESIZE_AXIS + "(" + expression + ", " + axis + ", " + size + ", "
                    + scale + ", " + coordinate + ", " + nearest + ", " + kind + ")";
        }
        return expression;
    }
}
