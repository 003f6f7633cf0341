package dev.lla.core.model.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.lla.core.TestData;
import dev.lla.core.model.ParameterInfo;
import dev.lla.core.model.torch.TorchScriptParameters.Count;
import dev.lla.core.model.torch.TorchScriptParameters.Parameter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parameters counted from a TorchScript archive without libtorch agree with the ones libtorch
 * lists on every bundled model, and are not given where the archive alone cannot be sure.
 */
class TorchScriptParametersTest {

    /** Bundled archives whose parameters the archive alone cannot give (see their scripts). */
    private static final List<String> UNCERTAIN = List.of(
            "mlp8x8-tied.pt", // fc2 is fc1: libtorch lists the shared weights once
            "mlp8x8-frozen.pt"); // no parameters at all: the model's own load says why

    @Test
    void everyBundledModelCountsAsLibtorchListsIt() throws IOException {
        List<Path> models;
        try (Stream<Path> files = Files.list(TestData.path("models"))) {
            models = files.filter(p -> p.toString().endsWith(".pt")).sorted().toList();
        }
        assertTrue(models.size() >= 10, "bundled .pt models: " + models);
        int counted = 0;
        for (Path path : models) {
            Optional<Count> count = TorchScriptParameters.of(path);
            if (UNCERTAIN.contains(path.getFileName().toString())) {
                assertTrue(count.isEmpty(), path + " gave " + count);
                continue;
            }
            assertTrue(count.isPresent(), path + " gave no count");
            try (TorchScriptModel model = TorchScriptModel.load(path, Device.cpu())) {
                List<Parameter> expected = model.parameters().stream()
                        .map(p -> new Parameter(p.name(), p.size())).toList();
                assertEquals(expected, count.get().parameters(), path.toString());
                assertEquals(model.parameterSpace().dimension(), count.get().elements(name -> true), path.toString());
                assertEquals(model.deviceMemory().orElseThrow().scalarBytes(), count.get().scalarBytes(),
                        path.toString());
            }
            counted++;
        }
        assertTrue(counted >= 8, "models counted: " + counted);
    }

    @Test
    void doublePrecisionParametersTakeEightBytes() {
        Count count = TorchScriptParameters.of(TestData.path("models/mlp8x8-double.pt")).orElseThrow();
        assertEquals(8, count.scalarBytes());
        assertEquals(2410, count.elements(name -> true));
    }

    @Test
    void includeSelectsAsTheLoadedModelDoes() {
        Path path = TestData.path("models/lenet-bn-trained.pt");
        Predicate<String> convolutions = name -> name.startsWith("conv");
        Count count = TorchScriptParameters.of(path).orElseThrow();
        try (TorchScriptModel model = TorchScriptModel.load(path, Device.cpu(), convolutions, null)) {
            assertEquals(model.parameterSpace().dimension(), count.elements(convolutions));
        }
        assertTrue(count.elements(convolutions) < count.elements(name -> true));
    }

    @Test
    void aTruncatedPickleGivesNoCount(@TempDir Path temp) throws IOException {
        Path cut = rewrite(TestData.path("models/lenet-bn-trained.pt"), temp.resolve("cut.pt"),
                (name, bytes) -> name.endsWith("/data.pkl") ? java.util.Arrays.copyOf(bytes, bytes.length / 2) : bytes);
        assertEquals(Optional.empty(), TorchScriptParameters.of(cut));
    }

    @Test
    void aClassWithoutItsCodeGivesNoCount(@TempDir Path temp) throws IOException {
        Path noCode = rewrite(TestData.path("models/resnet20.pt"), temp.resolve("nocode.pt"),
                (name, bytes) -> name.contains("/code/") && name.endsWith("conv.py") ? null : bytes);
        assertEquals(Optional.empty(), TorchScriptParameters.of(noCode));
    }

    @Test
    void notAnArchiveGivesNoCount(@TempDir Path temp) throws IOException {
        Path text = Files.writeString(temp.resolve("model.pt"), "not a zip");
        assertEquals(Optional.empty(), TorchScriptParameters.of(text));
        assertEquals(Optional.empty(), TorchScriptParameters.of(temp.resolve("missing.pt")));
    }

    /** What a rewrite does with one entry: its new bytes, or null to leave it out. */
    private interface EntryEdit {
        byte[] apply(String name, byte[] bytes);
    }

    private static Path rewrite(Path from, Path to, EntryEdit edit) throws IOException {
        try (ZipFile zip = new ZipFile(from.toFile()); OutputStream file = Files.newOutputStream(to);
                ZipOutputStream out = new ZipOutputStream(file)) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                byte[] bytes;
                try (InputStream in = zip.getInputStream(entry)) {
                    bytes = edit.apply(entry.getName(), in.readAllBytes());
                }
                if (bytes != null) {
                    out.putNextEntry(new ZipEntry(entry.getName()));
                    out.write(bytes);
                    out.closeEntry();
                }
            }
        }
        return to;
    }
}
