package dev.lla.core.model.torch;

import dev.lla.core.LlaException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Checks that a file is a TorchScript archive before libtorch sees it, so that the user gets a
 * precise message instead of a C++ exception. A TorchScript archive is a zip with
 * {@code <name>/data.pkl} and {@code <name>/code/…}; {@code torch.save} writes the same zip
 * without {@code code/}.
 */
final class TorchScriptArchive {

    private TorchScriptArchive() {}

    static void check(Path path) {
        if (!Files.exists(path)) {
            throw LlaException.input(path + ": model file not found");
        }
        if (Files.isDirectory(path)) {
            throw LlaException.input(path + ": is a directory, expected a TorchScript .pt file");
        }
        if (!Files.isReadable(path)) {
            throw LlaException.input(path + ": model file is not readable");
        }
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(path)) {
            int n = in.readNBytes(head, 0, 4);
            if (n < 4 || head[0] != 'P' || head[1] != 'K') {
                throw LlaException.input(
                        path + ": not a TorchScript archive (no zip header); export the model with"
                                + " torch.jit.script(model).save(path)");
            }
        } catch (IOException e) {
            throw LlaException.input(path + ": cannot read model file (" + e.getMessage() + ")", e);
        }
        boolean hasData = false;
        boolean hasCode = false;
        try (ZipFile zip = new ZipFile(path.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                hasData |= name.endsWith("/data.pkl");
                hasCode |= name.contains("/code/");
            }
        } catch (ZipException e) {
            throw LlaException.input(path + ": corrupt model file (" + e.getMessage() + ")", e);
        } catch (IOException e) {
            throw LlaException.input(path + ": cannot read model file (" + e.getMessage() + ")", e);
        }
        if (hasData && !hasCode) {
            throw LlaException.input(
                    path + ": a torch.save pickle, not TorchScript; export the model with"
                            + " torch.jit.script(model).save(path)");
        }
        if (!hasData) {
            throw LlaException.input(path + ": a zip file but not a TorchScript archive (no data.pkl)");
        }
    }
}
