package dev.lla.core.data;

import java.nio.ByteOrder;
import java.util.Optional;

/**
 * The element types lla reads from {@code .npy} files: booleans, signed and unsigned integers of
 * 1 to 8 bytes, float32 and float64, in either byte order. Structured, complex, string, object and
 * float16 arrays are not supported.
 *
 * @param descriptor the {@code descr} string as written in the header, e.g. {@code <f4}
 * @param kind the element kind
 * @param itemSize bytes per element
 * @param order byte order of multi-byte elements (little-endian for one-byte types)
 */
public record NpyDtype(String descriptor, Kind kind, int itemSize, ByteOrder order) {

    /** What an element is. */
    public enum Kind {
        BOOL,
        SIGNED,
        UNSIGNED,
        FLOAT
    }

    /** The supported descriptors, for messages. */
    public static final String SUPPORTED =
            "|b1 |u1 |i1, and <u2 <u4 <u8 <i2 <i4 <i8 <f4 <f8 or their big-endian > forms";

    /**
     * Parses a NumPy type descriptor such as {@code <f4}, {@code >i8} or {@code |u1}; empty if
     * the type is not supported.
     */
    public static Optional<NpyDtype> parse(String descriptor) {
        if (descriptor.length() < 3) {
            return Optional.empty();
        }
        char byteOrder = descriptor.charAt(0);
        char kindCode = descriptor.charAt(1);
        int size;
        try {
            size = Integer.parseInt(descriptor.substring(2));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        Kind kind = switch (kindCode) {
            case 'b' -> size == 1 ? Kind.BOOL : null;
            case 'i' -> isIntegerSize(size) ? Kind.SIGNED : null;
            case 'u' -> isIntegerSize(size) ? Kind.UNSIGNED : null;
            case 'f' -> size == 4 || size == 8 ? Kind.FLOAT : null;
            default -> null;
        };
        if (kind == null) {
            return Optional.empty();
        }
        ByteOrder order;
        switch (byteOrder) {
            case '<' -> order = ByteOrder.LITTLE_ENDIAN;
            case '>' -> order = ByteOrder.BIG_ENDIAN;
            case '=' -> order = ByteOrder.nativeOrder();
            // '|' means "byte order not applicable", which NumPy only writes for one-byte types.
            case '|' -> order = size == 1 ? ByteOrder.LITTLE_ENDIAN : null;
            default -> order = null;
        }
        if (order == null) {
            return Optional.empty();
        }
        if (size == 1) {
            order = ByteOrder.LITTLE_ENDIAN;
        }
        return Optional.of(new NpyDtype(descriptor, kind, size, order));
    }

    /** NumPy's name of the type: {@code bool}, {@code uint8}, {@code float32}, ... */
    public String numpyName() {
        return switch (kind) {
            case BOOL -> "bool";
            case SIGNED -> "int" + 8 * itemSize;
            case UNSIGNED -> "uint" + 8 * itemSize;
            case FLOAT -> "float" + 8 * itemSize;
        };
    }

    /** True for signed and unsigned integers (not bool). */
    public boolean isInteger() {
        return kind == Kind.SIGNED || kind == Kind.UNSIGNED;
    }

    private static boolean isIntegerSize(int size) {
        return size == 1 || size == 2 || size == 4 || size == 8;
    }
}
