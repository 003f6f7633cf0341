package dev.lla.core.model.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.ndarray.types.DataType;
import dev.lla.core.spectrum.Basis;
import org.junit.jupiter.api.Test;

/**
 * The on-device basis: rows past {@code size()} are allocated uninitialized and must never take
 * part, and {@code orthogonalize} returns the norm that is left.
 */
class MatrixBasisTest {

    @Test
    void orthogonalizeUsesOnlyAppendedRowsAndReturnsTheNormLeft() {
        TorchRuntime.engine();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
                AutogradHelper helper = AutogradHelper.load((PtNDManager) manager)) {
            FlatParameterSpace space = new FlatParameterSpace(manager, 4, DataType.FLOAT32, helper);
            try (Basis<FlatVector> basis = space.newBasis(8)) {
                basis.append(space.fromHost(new float[] {1f, 0f, 0f, 0f}));
                float s = (float) Math.sqrt(0.5);
                basis.append(space.fromHost(new float[] {0f, s, s, 0f}));
                FlatVector w = space.fromHost(new float[] {3f, 2f, -1f, 5f});
                double norm = basis.orthogonalize(w);
                float[] left = space.toHost(w);
                float[] expected = {0f, 1.5f, -1.5f, 5f};
                for (int i = 0; i < 4; i++) {
                    assertEquals(expected[i], left[i], 1e-6, "entry " + i);
                }
                assertEquals(Math.sqrt(1.5 * 1.5 * 2 + 25.0), norm, 1e-6);
                FlatVector again = space.fromHost(new float[] {3f, 2f, -1f, 5f});
                double known = Math.sqrt(9.0 + 4.0 + 1.0 + 25.0);
                assertEquals(norm, basis.orthogonalize(again, known), 1e-6, "with the norm given");
                FlatVector combined = space.zeros();
                basis.combine(new double[] {2.0, 0.0}, combined);
                float[] twice = space.toHost(combined);
                assertEquals(2f, twice[0], 0f);
                assertEquals(0f, twice[3], 0f);
            }
        }
    }

    @Test
    void emptyBasisLeavesTheVectorAndReturnsItsNorm() {
        TorchRuntime.engine();
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
                AutogradHelper helper = AutogradHelper.load((PtNDManager) manager)) {
            FlatParameterSpace space = new FlatParameterSpace(manager, 2, DataType.FLOAT32, helper);
            try (Basis<FlatVector> basis = space.newBasis(3)) {
                FlatVector w = space.fromHost(new float[] {3f, 4f});
                assertEquals(5.0, basis.orthogonalize(w), 1e-6);
                assertEquals(3f, space.toHost(w)[0], 0f);
            }
        }
    }

    @Test
    void basesBorrowTheReservedBlockAndIgnoreTheRowsTheirPredecessorLeft() {
        TorchRuntime.engine();
        int p = 1_000_000; // 4 MB rows: a block of 4 is a 16 MB allocation, seen in the C heap
        try (NDManager manager = NDManager.newBaseManager(Device.cpu(), "PyTorch");
                AutogradHelper helper = AutogradHelper.load((PtNDManager) manager)) {
            FlatParameterSpace space = new FlatParameterSpace(manager, p, DataType.FLOAT32, helper);
            space.reserveBasis(4);
            float[] ones = new float[p];
            java.util.Arrays.fill(ones, 1f / (float) Math.sqrt(p));
            try (Basis<FlatVector> first = space.newBasis(4)) {
                first.append(space.fromHost(ones)); // row 0 of the block: a direction later bases must not see
            }
            // Host-made vectors come through Java direct buffers, which the C heap also counts: made first.
            float[] e0 = new float[p];
            e0[0] = 1f;
            FlatVector row = space.fromHost(e0);
            float[] w = new float[p];
            w[0] = 3f;
            w[1] = 4f;
            FlatVector original = space.fromHost(w);
            FlatVector v = space.zeros();
            long heldBefore = dev.lla.core.bench.NativeHeap.inUseBytes();
            // The least growth over five runs: the JVM's own threads (JIT, GC) use the same C heap and
            // can add a few MB at any moment, but a basis that made its own block would add 12 MB every run.
            long grown = Long.MAX_VALUE;
            for (int run = 0; run < 5; run++) {
                try (Basis<FlatVector> next = space.newBasis(3)) {
                    next.append(row);
                    grown = Math.min(grown, dev.lla.core.bench.NativeHeap.inUseBytes() - heldBefore);
                    space.copy(original, v);
                    assertEquals(4.0, next.orthogonalize(v), 1e-6, "only the row this basis wrote takes part");
                }
            }
            if (heldBefore >= 0) {
                // A block of its own would be 3 rows, 12 MB; borrowing adds at most small temporaries.
                assertTrue(grown < 2L * p * Float.BYTES, "an open basis grew the C heap by " + grown + " bytes");
            }
        }
    }
}
