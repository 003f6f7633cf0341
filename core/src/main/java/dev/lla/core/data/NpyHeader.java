package dev.lla.core.data;

import dev.lla.core.LlaException;
import java.util.List;
import java.util.Map;

/**
 * The three fields of a {@code .npy} header dict. Other keys are ignored (NumPy itself rejects
 * them, but they carry nothing lla needs).
 *
 * @param descr the dtype descriptor, e.g. {@code <f4}
 * @param fortranOrder whether the data is stored column-major
 * @param shape the array shape; empty for a 0-d array
 */
record NpyHeader(String descr, boolean fortranOrder, int[] shape) {

    /**
     * Parses header text such as
     * {@code {'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }}.
     *
     * @throws LlaException (input) naming {@code source} if the text is not such a dict
     */
    static NpyHeader parse(String text, String source) {
        Object literal;
        try {
            literal = PythonLiteral.parse(text);
        } catch (IllegalArgumentException e) {
            throw malformed(source, e.getMessage(), text);
        }
        if (!(literal instanceof Map<?, ?> dict)) {
            throw malformed(source, "expected a dict", text);
        }
        Object descr = field(dict, "descr", source, text);
        Object fortran = field(dict, "fortran_order", source, text);
        Object shape = field(dict, "shape", source, text);
        if (descr instanceof List) {
            throw LlaException.input(source + ": structured dtype " + ReadFailure.oneLine(
                    String.valueOf(descr)) + " is not supported; expected a plain numeric array");
        }
        if (!(descr instanceof String descriptor)) {
            throw malformed(source, "'descr' is not a string", text);
        }
        if (!(fortran instanceof Boolean fortranOrder)) {
            throw malformed(source, "'fortran_order' is not True or False", text);
        }
        if (!(shape instanceof List<?> dims)) {
            throw malformed(source, "'shape' is not a tuple", text);
        }
        int[] sizes = new int[dims.size()];
        for (int i = 0; i < sizes.length; i++) {
            if (!(dims.get(i) instanceof Long d) || d < 0 || d > Integer.MAX_VALUE) {
                throw malformed(source, "'shape' entry " + dims.get(i)
                        + " is not a size between 0 and " + Integer.MAX_VALUE, text);
            }
            sizes[i] = (int) (long) d;
        }
        return new NpyHeader(descriptor, fortranOrder, sizes);
    }

    private static Object field(Map<?, ?> dict, String key, String source, String text) {
        if (!dict.containsKey(key)) {
            throw malformed(source, "no '" + key + "' key", text);
        }
        return dict.get(key);
    }

    private static LlaException malformed(String source, String why, String text) {
        String shown = ReadFailure.oneLine(text);
        if (shown.length() > 120) {
            shown = shown.substring(0, 117) + "...";
        }
        return LlaException.input(source + ": malformed .npy header (" + why + "): " + shown);
    }
}
