package dev.lla.core.model.torch;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the object tree of a TorchScript archive's {@code data.pkl} without libtorch: the modules
 * as {@link Instance}s of their {@code __torch__} classes, with their attributes, and their
 * tensors as {@link Tensor}s that name their storage and shape (the bytes stay in the zip).
 *
 * <p>Only the opcodes {@code torch.jit.save}'s pickler writes (protocol 2, with the protocol 4
 * framing and memo opcodes for good measure) are understood; any other is {@link Unsupported},
 * so that a caller can fall back on libtorch instead of guessing.
 */
final class TorchScriptPickle {

    /** A class or function named by {@code GLOBAL}, e.g. {@code __torch__.torch.nn.modules.conv Conv2d}. */
    record Global(String module, String name) {
        String qualified() {
            return module + "." + name;
        }
    }

    /** An object made by {@code NEWOBJ}; {@code BUILD} gives it its attributes. */
    static final class Instance {
        final Global type;
        Map<Object, Object> attributes = Map.of();

        Instance(Global type) {
            this.type = type;
        }
    }

    /** A storage named by a persistent id: its dtype's storage class, key in {@code data/} and size. */
    record Storage(String type, String key, long elements) {}

    /** A tensor rebuilt from a storage: {@code _rebuild_tensor_v2(storage, offset, size, …)}. */
    record Tensor(Storage storage, List<Long> size) {
        long elements() {
            long n = 1;
            for (long d : size) {
                n = Math.multiplyExact(n, d);
            }
            return n;
        }
    }

    /** The result of calling any other global; kept opaque. */
    record Called(Global function, Object arguments) {}

    /** Something this reader does not understand. */
    static final class Unsupported extends Exception {
        Unsupported(String message) {
            super(message);
        }
    }

    private static final Object MARK = new Object();
    private static final Global REBUILD_TENSOR = new Global("torch._utils", "_rebuild_tensor_v2");
    private static final Global ORDERED_DICT = new Global("collections", "OrderedDict");

    private final ByteBuffer in;
    private final Deque<Object> stack = new ArrayDeque<>();
    private final Map<Long, Object> memo = new HashMap<>();

    private TorchScriptPickle(byte[] bytes) {
        this.in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The pickled root object (a TorchScript archive's: the top module's {@link Instance}). */
    static Object read(byte[] bytes) throws Unsupported {
        try {
            return new TorchScriptPickle(bytes).run();
        } catch (RuntimeException e) {
            // a truncated stream, a stack that does not hold what an opcode needs, a size overflow
            throw new Unsupported("malformed pickle (" + e + ")");
        }
    }

    private Object run() throws Unsupported {
        while (true) {
            int op = in.get() & 0xff;
            switch (op) {
                case 0x80 -> in.get(); // PROTO
                case 0x95 -> in.getLong(); // FRAME
                case '.' -> {
                    return pop();
                }
                case '(' -> stack.push(MARK);
                case 'N' -> stack.push(Nothing.NONE);
                case 0x88 -> stack.push(Boolean.TRUE);
                case 0x89 -> stack.push(Boolean.FALSE);
                case 'K' -> stack.push((long) (in.get() & 0xff));
                case 'M' -> stack.push((long) (in.getShort() & 0xffff));
                case 'J' -> stack.push((long) in.getInt());
                case 0x8a -> stack.push(long1(in.get() & 0xff));
                case 'G' -> stack.push(Double.longBitsToDouble(Long.reverseBytes(in.getLong())));
                case 'X' -> stack.push(text(in.getInt()));
                case 0x8c -> stack.push(text(in.get() & 0xff));
                case 0x8d -> stack.push(text(Math.toIntExact(in.getLong())));
                case 'B' -> stack.push(bytes(in.getInt()));
                case 'C' -> stack.push(bytes(in.get() & 0xff));
                case 'c' -> stack.push(new Global(line(), line()));
                case 0x93 -> {
                    String name = (String) pop();
                    stack.push(new Global((String) pop(), name));
                }
                case 'q' -> memo.put((long) (in.get() & 0xff), stack.peek());
                case 'r' -> memo.put(in.getInt() & 0xffffffffL, stack.peek());
                case 0x94 -> memo.put((long) memo.size(), stack.peek());
                case 'h' -> stack.push(recall(in.get() & 0xff));
                case 'j' -> stack.push(recall(in.getInt() & 0xffffffffL));
                case ')' -> stack.push(List.of());
                case 't' -> stack.push(List.copyOf(untilMark()));
                case 0x85 -> stack.push(tuple(1));
                case 0x86 -> stack.push(tuple(2));
                case 0x87 -> stack.push(tuple(3));
                case ']' -> stack.push(new ArrayList<>());
                case 'l' -> stack.push(new ArrayList<>(untilMark()));
                case 'a' -> {
                    Object item = pop();
                    list().add(item);
                }
                case 'e' -> {
                    List<Object> items = untilMark();
                    list().addAll(items);
                }
                case '}' -> stack.push(new LinkedHashMap<>());
                case 'd' -> stack.push(pairs(untilMark(), new LinkedHashMap<>()));
                case 's' -> {
                    Object value = pop();
                    Object key = pop();
                    dict().put(key, value);
                }
                case 'u' -> {
                    List<Object> items = untilMark();
                    pairs(items, dict());
                }
                case '0' -> pop();
                case '2' -> stack.push(stack.peek());
                case 'Q' -> stack.push(storage(pop()));
                case 0x81 -> {
                    pop(); // the arguments: TorchScript classes are made with none
                    stack.push(new Instance((Global) pop()));
                }
                case 'R' -> {
                    Object arguments = pop();
                    stack.push(call((Global) pop(), arguments));
                }
                case 'b' -> {
                    Object state = pop();
                    if (stack.peek() instanceof Instance instance && state instanceof Map<?, ?> map) {
                        @SuppressWarnings("unchecked")
                        Map<Object, Object> attributes = (Map<Object, Object>) map;
                        instance.attributes = attributes;
                    }
                }
                default -> throw new Unsupported(String.format("opcode 0x%02x at byte %d", op, in.position() - 1));
            }
        }
    }

    /** Python's None, which a stack and maps can hold. */
    enum Nothing { NONE }

    private Object call(Global function, Object arguments) {
        if (function.equals(REBUILD_TENSOR) && arguments instanceof List<?> args && args.size() >= 3
                && args.get(0) instanceof Storage storage && args.get(2) instanceof List<?> size) {
            return new Tensor(storage, size.stream().map(Long.class::cast).toList());
        }
        if (function.equals(ORDERED_DICT)) {
            return new LinkedHashMap<>();
        }
        return new Called(function, arguments);
    }

    /** A persistent id {@code ('storage', torch.FloatStorage, key, location, elements)}. */
    private static Storage storage(Object id) throws Unsupported {
        if (id instanceof List<?> t && t.size() == 5 && "storage".equals(t.get(0)) && t.get(1) instanceof Global type
                && t.get(2) instanceof String key && t.get(4) instanceof Long elements) {
            return new Storage(type.name(), key, elements);
        }
        throw new Unsupported("persistent id " + id);
    }

    private Object recall(long index) throws Unsupported {
        Object value = memo.get(index);
        if (value == null) {
            throw new Unsupported("memo " + index + " read before it was written");
        }
        return value;
    }

    private Object pop() {
        return stack.pop();
    }

    @SuppressWarnings("unchecked")
    private List<Object> list() {
        return (List<Object>) stack.peek();
    }

    @SuppressWarnings("unchecked")
    private Map<Object, Object> dict() {
        return (Map<Object, Object>) stack.peek();
    }

    private List<Object> untilMark() {
        List<Object> items = new ArrayList<>();
        while (stack.peek() != MARK) {
            items.add(0, pop());
        }
        pop();
        return items;
    }

    private List<Object> tuple(int n) {
        Object[] items = new Object[n];
        for (int i = n - 1; i >= 0; i--) {
            items[i] = pop();
        }
        return List.of(items);
    }

    private static Map<Object, Object> pairs(List<Object> items, Map<Object, Object> into) {
        for (int i = 0; i + 1 < items.size(); i += 2) {
            into.put(items.get(i), items.get(i + 1));
        }
        return into;
    }

    private Object long1(int n) {
        if (n > 8) {
            throw new ArithmeticException("an integer of " + n + " bytes");
        }
        byte[] b = new byte[n];
        in.get(b);
        long value = 0;
        for (int i = n - 1; i >= 0; i--) {
            value = (value << 8) | (b[i] & 0xff);
        }
        if (n > 0 && n < 8 && (b[n - 1] & 0x80) != 0) {
            value -= 1L << (8 * n); // two's complement of n bytes
        }
        return value;
    }

    private String text(int length) {
        byte[] b = new byte[length];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private byte[] bytes(int length) {
        byte[] b = new byte[length];
        in.get(b);
        return b;
    }

    private String line() {
        StringBuilder s = new StringBuilder();
        for (byte b = in.get(); b != '\n'; b = in.get()) {
            s.append((char) (b & 0xff));
        }
        return s.toString();
    }
}
