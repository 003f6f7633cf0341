package dev.lla.core.model.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A 0-D or 1-D int64 (or boolean) value of shape arithmetic that the generated code keeps as
 * TorchScript ints and int lists rather than tensors. Each tensor op of an exported
 * Shape → Gather → Unsqueeze → Concat → Reshape chain is a libtorch call that allocates; each int
 * op is a step of the interpreter, and an element known now is a literal.
 *
 * @param items the elements' expressions (ints, or bools for {@code bool}), or {@code null} when
 *     only the whole list's expression is known (the shape of a tensor of unknown rank)
 * @param list a TorchScript {@code List[int]} expression; used when {@code items} is null
 * @param scalar whether the value is 0-D ({@code items} then holds its one element)
 * @param bool whether the elements are booleans (Equal's result)
 */
record IntegerValue(List<String> items, String list, boolean scalar, boolean bool) {

    private static final Pattern LITERAL = Pattern.compile("-?\\d+|True|False");

    static IntegerValue scalar(String item, boolean bool) {
        return new IntegerValue(List.of(item), null, true, bool);
    }

    static IntegerValue of(List<String> items, boolean bool) {
        return new IntegerValue(List.copyOf(items), null, false, bool);
    }

    /** A list whose length only the running model knows, as the expression {@code list}. */
    static IntegerValue ofUnknownLength(String list) {
        return new IntegerValue(null, list, false, false);
    }

    /** The value of a small int64 or bool constant of rank ≤ 1, or {@code null} for any other. */
    static IntegerValue of(ConstantTensor constant) {
        boolean bool = constant.dtype() == ConstantTensor.BOOL;
        if (constant.dtype() != ConstantTensor.INT64 && !bool || constant.dims().length > 1
                || constant.elementCount() > 64) {
            return null;
        }
        List<String> items = java.util.Arrays.stream(constant.longs())
                .mapToObj(v -> bool ? (v != 0 ? "True" : "False") : Long.toString(v))
                .toList();
        return new IntegerValue(items, null, constant.dims().length == 0, bool);
    }

    boolean lengthKnown() {
        return items != null;
    }

    static boolean isLiteral(String item) {
        return LITERAL.matcher(item).matches();
    }

    boolean literal() {
        return items != null && items.stream().allMatch(IntegerValue::isLiteral);
    }

    /** The TorchScript expression of the whole value: an int or bool when 0-D, else a list. */
    String expression() {
        if (scalar) {
            return items.get(0);
        }
        if (items == null) {
            return list;
        }
        if (items.isEmpty()) {
            return "annotate(List[" + (bool ? "bool" : "int") + "], [])"; // an empty literal has no element type
        }
        return "[" + String.join(", ", items) + "]";
    }

    /** The value as a tensor the way ONNX holds it: int64 or bool, on the CPU like shapes. */
    String tensorExpression() {
        return "torch.tensor(" + expression() + ", dtype=" + (bool ? 11 : 4) + ")";
    }

    /** The value as a known constant, when every element is a literal. */
    ConstantTensor constant() {
        int size = bool ? 1 : 8;
        ByteBuffer data = ByteBuffer.allocate(items.size() * size).order(ByteOrder.LITTLE_ENDIAN);
        for (String item : items) {
            if (bool) {
                data.put((byte) (item.equals("True") ? 1 : 0));
            } else {
                data.putLong(Long.parseLong(item));
            }
        }
        long[] dims = scalar ? new long[0] : new long[] {items.size()};
        return new ConstantTensor(bool ? ConstantTensor.BOOL : ConstantTensor.INT64, dims, data.array());
    }
}
