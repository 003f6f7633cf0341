package dev.lla.core.model.onnx;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes a TorchScript archive in the zip layout of {@code torch.jit.save}: {@code <name>/data.pkl},
 * {@code <name>/data/<key>} (raw little-endian storages), {@code <name>/code/__torch__.py},
 * {@code <name>/constants.pkl} and {@code <name>/version}. Entries are stored, not deflated, as
 * torch writes them.
 */
final class TorchScriptArchiveWriter {

    private static final String ARCHIVE = "archive";
    /** The file-format version torch 1.13 writes; libtorch 2.7.1 reads it. */
    private static final String VERSION = "3\n";
    /** An empty tuple, protocol 2: the archive's constant table (the code uses none). */
    private static final byte[] EMPTY_CONSTANTS = {(byte) 0x80, 2, ')', '.'};

    private TorchScriptArchiveWriter() {}

    static byte[] write(ModuleState root, String source) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (ModuleState.Entry entry : root.allEntries()) {
                stored(zip, ARCHIVE + "/data/" + entry.storageKey(), entry.value().data());
            }
            stored(zip, ARCHIVE + "/data.pkl", TorchPickler.pickle(root));
            stored(zip, ARCHIVE + "/code/__torch__.py", source.getBytes(StandardCharsets.UTF_8));
            stored(zip, ARCHIVE + "/constants.pkl", EMPTY_CONSTANTS);
            stored(zip, ARCHIVE + "/version", VERSION.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the TorchScript archive in memory", e);
        }
        return bytes.toByteArray();
    }

    private static void stored(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry entry = new ZipEntry(name);
        entry.setMethod(ZipEntry.STORED);
        entry.setSize(data.length);
        CRC32 crc = new CRC32();
        crc.update(data);
        entry.setCrc(crc.getValue());
        entry.setTime(315532800000L); // 1980-01-01: the same bytes for the same model
        zip.putNextEntry(entry);
        zip.write(data);
        zip.closeEntry();
    }
}
