package dev.lla.core.model.torch;

import dev.lla.core.LlaException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    /**
     * Calls of operations whose train/eval behaviour is an argument, and that argument's position:
     * in a scripted module it is a variable ({@code training}), in a traced one a literal
     * {@code True} or {@code False} fixed at trace time.
     */
    private static final Map<String, Integer> MODE_ARGUMENT = Map.of(
            "batch_norm", 5, "dropout", 2, "feature_dropout", 2, "alpha_dropout", 2, "feature_alpha_dropout", 2);

    private static final Pattern MODE_CALL = Pattern.compile(
            "torch\\.(" + String.join("|", MODE_ARGUMENT.keySet()) + ")\\(([^()]*)\\)");

    /**
     * Refuses a model whose BatchNorm or dropout mode is fixed in its code, as
     * {@code torch.jit.trace} leaves it: training it would silently not train as the model says.
     *
     * @throws LlaException (input) naming the first such call and the file it is in
     */
    static void checkTrainable(Path path) {
        try (ZipFile zip = new ZipFile(path.toFile())) {
            for (ZipEntry entry : java.util.Collections.list(zip.entries())) {
                if (!entry.getName().contains("/code/") || !entry.getName().endsWith(".py")) {
                    continue;
                }
                String code;
                try (InputStream in = zip.getInputStream(entry)) {
                    code = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
                Matcher call = MODE_CALL.matcher(code);
                while (call.find()) {
                    String[] arguments = call.group(2).split(",");
                    int index = MODE_ARGUMENT.get(call.group(1));
                    String mode = index < arguments.length ? arguments[index].strip() : "";
                    if (mode.equals("True") || mode.equals("False")) {
                        throw LlaException.input(path + ": a traced model: torch." + call.group(1) + " runs with training="
                                + mode + " fixed at trace time (" + entry.getName().substring(entry.getName().indexOf("code/"))
                                + "), so training would not " + (call.group(1).equals("batch_norm")
                                        ? "use batch statistics and update the running ones" : "switch dropout")
                                + " as the model says; export it with torch.jit.script(model).save(path)");
                    }
                }
            }
        } catch (IOException e) {
            throw LlaException.input(path + ": cannot read model file (" + e.getMessage() + ")", e);
        }
    }

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
