package dev.lla.cli;

import static dev.lla.cli.CliAssertions.INPUT_ERROR;
import static dev.lla.cli.CliAssertions.USAGE_ERROR;
import static dev.lla.cli.CliAssertions.assertCleanFailure;

import dev.lla.core.data.fixtures.DataFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A model file that is missing, corrupt or not TorchScript gives one clear error (exit 1). */
class ModelErrorsTest {

    @TempDir Path temp;

    private CliRun hesdWithModel(Path model) {
        return HesdArgs.tiny(out()).with("--model", model).run();
    }

    private Path out() {
        return temp.resolve("out");
    }

    @Test
    void missingModelFile() {
        CliRun run = hesdWithModel(temp.resolve("absent.pt"));
        assertCleanFailure(run, INPUT_ERROR, out(), "absent.pt", "not found");
    }

    @Test
    void directoryAsModel() {
        CliRun run = hesdWithModel(temp);
        assertCleanFailure(run, INPUT_ERROR, out(), "is a directory");
    }

    @Test
    void truncatedTorchScript() {
        byte[] whole = DataFiles.read(TestData.mlp());
        Path model = DataFiles.write(temp.resolve("truncated.pt"), Arrays.copyOf(whole, whole.length / 2));
        assertCleanFailure(hesdWithModel(model), INPUT_ERROR, out(), "truncated.pt", "corrupt model file");
    }

    @Test
    void randomBytes() {
        byte[] noise = new byte[4096];
        new SplittableRandom(1).nextBytes(noise);
        noise[0] = 0; // never a zip's "PK" by chance
        Path model = DataFiles.write(temp.resolve("noise.pt"), noise);
        assertCleanFailure(hesdWithModel(model), INPUT_ERROR, out(), "noise.pt", "not a TorchScript archive");
    }

    @Test
    void plainTextFile() {
        Path model = DataFiles.write(temp.resolve("notes.pt"),
                "this is a text file, not a model\n".getBytes(StandardCharsets.UTF_8));
        assertCleanFailure(hesdWithModel(model), INPUT_ERROR, out(), "notes.pt", "not a TorchScript archive");
    }

    /** {@code torch.save(model)} writes the zip layout of TorchScript without {@code code/}. */
    @Test
    void torchSavePickle() {
        Map<String, byte[]> members = new LinkedHashMap<>();
        members.put("model/data.pkl", new byte[] {(byte) 0x80, 2, '}', 'q', 0, '.'});
        members.put("model/data/0", new byte[16]);
        members.put("model/version", "3\n".getBytes(StandardCharsets.US_ASCII));
        Path model = DataFiles.write(temp.resolve("pickled.pt"), DataFiles.zip(members, false));
        assertCleanFailure(hesdWithModel(model), INPUT_ERROR, out(), "pickled.pt", "torch.save",
                "torch.jit.script");
    }

    @Test
    void zipWithoutModel() {
        Map<String, byte[]> members = Map.of("readme.txt", "hello".getBytes(StandardCharsets.US_ASCII));
        Path model = DataFiles.write(temp.resolve("other.pt"), DataFiles.zip(members, true));
        assertCleanFailure(hesdWithModel(model), INPUT_ERROR, out(), "other.pt", "not a TorchScript archive");
    }

    /** A well-formed archive whose TorchScript code libtorch cannot compile. */
    @Test
    void damagedTorchScriptCode() {
        Path model = DataFiles.write(temp.resolve("damaged.pt"),
                withMember(TestData.mlp(), "/code/__torch__.py", "def forward(self x):\n  return\n"));
        assertCleanFailure(hesdWithModel(model), INPUT_ERROR, out(), "damaged.pt", "libtorch cannot load");
    }

    @Test
    void bytesThatAreNoOnnxModel() {
        Path model = DataFiles.write(temp.resolve("model.onnx"), new byte[] {8, 7});
        assertCleanFailure(hesdWithModel(model), INPUT_ERROR, out(), "model.onnx", "not an ONNX model");
    }

    /** A copy of the zip {@code archive} whose member ending in {@code suffix} holds {@code text}. */
    private static byte[] withMember(Path archive, String suffix, String text) {
        Map<String, byte[]> members = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(archive.toFile())) {
            for (ZipEntry entry : zip.stream().toList()) {
                members.put(entry.getName(), entry.getName().endsWith(suffix)
                        ? text.getBytes(StandardCharsets.UTF_8)
                        : zip.getInputStream(entry).readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return DataFiles.zip(members, false);
    }
}
