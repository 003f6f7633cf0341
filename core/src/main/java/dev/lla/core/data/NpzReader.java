package dev.lla.core.data;

import dev.lla.core.LlaException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * Reads NumPy {@code .npz} archives: zip files whose members are {@code .npy} arrays named
 * {@code <name>.npy}, stored by {@code numpy.savez} or DEFLATE-compressed by
 * {@code numpy.savez_compressed}. Arrays are addressed by name without the {@code .npy} suffix,
 * as in {@code numpy.load(f)["x"]}.
 */
public final class NpzReader {

    private NpzReader() {}

    /** The array names in the archive, in archive order. */
    public static List<String> arrayNames(Path file) {
        try (ZipFile zip = open(file)) {
            return List.copyOf(members(zip).keySet());
        } catch (IOException e) {
            throw ReadFailure.of(file.toString(), e);
        }
    }

    /** Reads one array. */
    public static NpyArray read(Path file, String name) {
        return read(file, List.of(name)).get(name);
    }

    /**
     * Reads the named arrays, leaving the others unread.
     *
     * @return the arrays by name, in the order of {@code names}
     * @throws LlaException (input) naming the archive and the arrays it holds if one is missing
     */
    public static Map<String, NpyArray> read(Path file, List<String> names) {
        try (ZipFile zip = open(file)) {
            Map<String, ZipEntry> members = members(zip);
            Map<String, NpyArray> arrays = new LinkedHashMap<>();
            for (String name : names) {
                ZipEntry entry = members.get(name);
                if (entry == null) {
                    throw LlaException.input(file + ": no array named '" + name
                            + "'; the archive holds " + list(members.keySet()));
                }
                arrays.put(name, readMember(zip, entry, file + " (array '" + name + "')"));
            }
            return Collections.unmodifiableMap(arrays);
        } catch (IOException e) {
            throw ReadFailure.of(file.toString(), e);
        }
    }

    /** Reads every array in the archive. */
    public static Map<String, NpyArray> readAll(Path file) {
        return read(file, arrayNames(file));
    }

    private static ZipFile open(Path file) throws IOException {
        try {
            return new ZipFile(file.toFile());
        } catch (ZipException e) {
            throw LlaException.input(file + ": not a valid .npz file (expected a zip archive of"
                    + " .npy arrays: " + ReadFailure.oneLine(e.getMessage()) + ")", e);
        }
    }

    private static NpyArray readMember(ZipFile zip, ZipEntry entry, String source)
            throws IOException {
        try (InputStream in = new BufferedInputStream(zip.getInputStream(entry), 1 << 16)) {
            return NpyReader.read(in, source);
        }
    }

    /** Maps array names to members; directories are skipped, a {@code .npy} suffix dropped. */
    private static Map<String, ZipEntry> members(ZipFile zip) {
        Map<String, ZipEntry> members = new LinkedHashMap<>();
        for (ZipEntry entry : Collections.list(zip.entries())) {
            if (entry.isDirectory()) {
                continue;
            }
            String name = entry.getName();
            members.putIfAbsent(name.endsWith(".npy")
                    ? name.substring(0, name.length() - 4) : name, entry);
        }
        return members;
    }

    private static String list(Collection<String> names) {
        return names.isEmpty() ? "no arrays"
                : names.stream().map(n -> "'" + n + "'").collect(Collectors.joining(", "));
    }
}
