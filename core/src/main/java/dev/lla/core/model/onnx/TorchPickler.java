package dev.lla.core.model.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Writes {@code data.pkl} of a TorchScript archive: pickle protocol 2, with each module an object
 * of its TorchScript class whose state is a dict, and each tensor
 * {@code torch._utils._rebuild_tensor_v2(storage, 0, size, stride, requires_grad, OrderedDict())}
 * where {@code storage} is a persistent id {@code ("storage", torch.FloatStorage, key, "cpu", numel)}
 * naming the archive entry {@code data/<key>}. This is the layout {@code torch.jit.save} writes
 * (checked against torch 1.13 with {@code pickletools.dis}).
 */
final class TorchPickler {

    private static final int PROTO = 0x80;
    private static final int GLOBAL = 'c';
    private static final int EMPTY_TUPLE = ')';
    private static final int NEWOBJ = 0x81;
    private static final int EMPTY_DICT = '}';
    private static final int MARK = '(';
    private static final int BINUNICODE = 'X';
    private static final int NEWTRUE = 0x88;
    private static final int NEWFALSE = 0x89;
    private static final int NONE = 'N';
    private static final int TUPLE = 't';
    private static final int BINPERSID = 'Q';
    private static final int BININT = 'J';
    private static final int LONG1 = 0x8a;
    private static final int REDUCE = 'R';
    private static final int SETITEMS = 'u';
    private static final int BUILD = 'b';
    private static final int STOP = '.';

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    /** Pickles {@code root} (and its submodules); tensors are keyed by {@link ModuleState.Entry#storageKey()}. */
    static byte[] pickle(ModuleState root) {
        TorchPickler pickler = new TorchPickler();
        pickler.out.write(PROTO);
        pickler.out.write(2);
        pickler.module(root);
        pickler.out.write(STOP);
        return pickler.out.toByteArray();
    }

    private void module(ModuleState module) {
        global("__torch__", module.className());
        out.write(EMPTY_TUPLE);
        out.write(NEWOBJ);
        out.write(EMPTY_DICT);
        out.write(MARK);
        string("training");
        out.write(NEWTRUE);
        string("_is_full_backward_hook");
        out.write(NONE);
        for (ModuleState.Entry entry : module.tensors()) {
            string(entry.attribute());
            tensor(entry);
        }
        for (ModuleState child : module.children()) {
            string(child.attribute());
            module(child);
        }
        out.write(SETITEMS);
        out.write(BUILD);
    }

    private void tensor(ModuleState.Entry entry) {
        ConstantTensor value = entry.value();
        global("torch._utils", "_rebuild_tensor_v2");
        out.write(MARK);
        out.write(MARK);
        string("storage");
        global("torch", storageClass(value.dtype()));
        string(entry.storageKey());
        string("cpu");
        integer(value.elementCount());
        out.write(TUPLE);
        out.write(BINPERSID);
        integer(0);
        long[] dims = value.dims();
        tuple(dims);
        long[] strides = new long[dims.length];
        long stride = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            strides[i] = stride;
            stride *= dims[i];
        }
        tuple(strides);
        out.write(entry.parameter() ? NEWTRUE : NEWFALSE);
        global("collections", "OrderedDict");
        out.write(EMPTY_TUPLE);
        out.write(REDUCE);
        out.write(TUPLE);
        out.write(REDUCE);
    }

    static String storageClass(int dtype) {
        return switch (dtype) {
            case ConstantTensor.FLOAT -> "FloatStorage";
            case ConstantTensor.DOUBLE -> "DoubleStorage";
            case ConstantTensor.INT64 -> "LongStorage";
            case ConstantTensor.INT32 -> "IntStorage";
            case ConstantTensor.BOOL -> "BoolStorage";
            default -> throw new IllegalArgumentException("no torch storage for ONNX type " + dtype);
        };
    }

    private void tuple(long[] values) {
        if (values.length == 0) {
            out.write(EMPTY_TUPLE);
            return;
        }
        out.write(MARK);
        for (long v : values) {
            integer(v);
        }
        out.write(TUPLE);
    }

    private void global(String module, String name) {
        out.write(GLOBAL);
        out.writeBytes((module + "\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private void string(String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.write(BINUNICODE);
        writeInt32(bytes.length);
        out.writeBytes(bytes);
    }

    private void integer(long value) {
        if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
            out.write(BININT);
            writeInt32((int) value);
        } else {
            // LONG1: little-endian two's complement in 8 bytes
            out.write(LONG1);
            out.write(8);
            for (int i = 0; i < 8; i++) {
                out.write((int) (value >>> (8 * i)) & 0xff);
            }
        }
    }

    private void writeInt32(int value) {
        for (int i = 0; i < 4; i++) {
            out.write((value >>> (8 * i)) & 0xff);
        }
    }
}
