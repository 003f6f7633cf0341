package dev.lla.core.data;

/**
 * Arithmetic and formatting of tensor shapes, shared by the readers so that every message prints
 * shapes the same way.
 */
final class Shapes {

    /**
     * Largest array a JVM reliably allocates; a few header words below {@code Integer.MAX_VALUE},
     * as in {@code ArrayList}.
     */
    static final int MAX_ARRAY_LENGTH = Integer.MAX_VALUE - 8;

    private Shapes() {}

    /** Number of elements, as a long so that a lying header cannot overflow it. */
    static long product(int[] shape) {
        long n = 1;
        for (int d : shape) {
            n *= d;
            // Saturate rather than overflow: callers only compare against MAX_ARRAY_LENGTH.
            if (n > Long.MAX_VALUE / Integer.MAX_VALUE) {
                return Long.MAX_VALUE;
            }
        }
        return n;
    }

    /** NumPy's spelling: {@code (3, 4)}, {@code (3,)}, {@code ()}. */
    static String python(int[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder s = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            s.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return s.append(')').toString();
    }

    /**
     * Checks that {@code shape} is an image, {@code [C, H, W]}, for {@code transform}.
     *
     * @throws dev.lla.core.LlaException (usage) for a flat or other sample shape
     */
    static void requireImage(int[] shape, Transform transform) {
        if (shape.length != 3) {
            throw dev.lla.core.LlaException.usage(transform + " needs image samples C×H×W; the"
                    + " samples are " + times(shape) + " (flat samples take only scale and"
                    + " normalize; give a CSV --sample-shape to read rows as images)");
        }
    }

    /** Compact spelling of a sample shape: {@code 1×28×28}. */
    static String times(int[] shape) {
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < shape.length; i++) {
            s.append(i == 0 ? "" : "×").append(shape[i]);
        }
        return s.toString();
    }
}
