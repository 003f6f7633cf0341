package dev.lla.core.landscape;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lla.core.LlaException;
import dev.lla.core.model.ParameterInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Saved directions: a round trip keeps every value, and a file made for another model is refused by name. */
class DirectionsFileTest {

    private static final List<ParameterInfo> MODEL = List.of(
            new ParameterInfo("fc1.weight", new long[] {2, 3}), new ParameterInfo("fc1.bias", new long[] {2}));

    @TempDir Path temp;

    private Path write(List<ParameterInfo> parameters, float[] d1, float[] d2) throws IOException {
        Path file = temp.resolve("directions.npz");
        Files.write(file, DirectionsFile.toBytes(parameters, d1, d2, "{\"kind\":\"random\"}".getBytes(StandardCharsets.UTF_8)));
        return file;
    }

    @Test
    void roundTripKeepsEveryBit() throws IOException {
        float[] d1 = {1, -2, 3.25f, Float.MIN_VALUE, 5, 6, 7, -8};
        float[] d2 = {0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f};
        DirectionsFile.Saved saved = DirectionsFile.read(write(MODEL, d1, d2), MODEL);
        assertArrayEquals(d1, saved.d1());
        assertArrayEquals(d2, saved.d2());
        assertEquals("{\"kind\":\"random\"}", new String(saved.metadata(), StandardCharsets.UTF_8));
        assertNull(DirectionsFile.read(write(MODEL, d1, null), MODEL).d2());
    }

    @Test
    void fileForAnotherModelIsAOneLineInputErrorNamingTheParameter() throws IOException {
        float[] eight = new float[8];
        assertRefused(write(List.of(new ParameterInfo("fc1.weight", new long[] {3, 2}), MODEL.get(1)), eight, eight),
                "'d1/fc1.weight' has shape [3, 2]", "[2, 3]");
        assertRefused(write(List.of(MODEL.get(0)), new float[6], new float[6]), "no array 'd1/fc1.bias'", "'fc1.bias'");
        List<ParameterInfo> more = List.of(MODEL.get(0), MODEL.get(1), new ParameterInfo("fc2.bias", new long[] {1}));
        assertRefused(write(more, new float[9], new float[9]), "'d1/fc2.bias' names no parameter");
    }

    private static void assertRefused(Path file, String... fragments) {
        LlaException e = assertThrows(LlaException.class, () -> DirectionsFile.read(file, MODEL));
        assertEquals(LlaException.Kind.INPUT, e.kind());
        assertEquals(1, e.getMessage().lines().count());
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), e.getMessage());
        }
    }
}
