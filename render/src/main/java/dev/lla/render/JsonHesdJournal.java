package dev.lla.render;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.lla.core.LlaException;
import dev.lla.core.hesd.HesdJournal;
import dev.lla.core.hesd.HesdPartial;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Keeps a Hessian analysis's finished pieces in a JSON file beside its results. Unlike result
 * documents, the journal must round-trip every double exactly, NaN included, so it uses JSON's
 * non-standard NaN/Infinity tokens: it is read back only by lla.
 */
public final class JsonHesdJournal implements HesdJournal {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .build();

    private final Path file;
    private final boolean resume;

    /**
     * @param file the journal file
     * @param resume whether to reuse pieces saved in {@code file} (else they are overwritten)
     */
    public JsonHesdJournal(Path file, boolean resume) {
        this.file = file;
        this.resume = resume;
    }

    @Override
    public HesdPartial finished(String fingerprint) {
        if (!resume || !Files.exists(file)) {
            return HesdPartial.empty(fingerprint);
        }
        HesdPartial saved;
        try {
            saved = MAPPER.readValue(file.toFile(), HesdPartial.class);
        } catch (IOException e) {
            throw LlaException.input(file + ": unreadable partial results (" + firstLine(e.getMessage())
                    + "); delete it to start over");
        }
        if (!fingerprint.equals(saved.fingerprint())) {
            throw LlaException.usage(file + " holds partial results of other inputs or options;"
                    + " rerun with the same ones, or without --resume to start over");
        }
        return saved;
    }

    @Override
    public void record(HesdPartial partial) {
        try {
            AtomicFiles.write(file, MAPPER.writeValueAsBytes(partial));
        } catch (IOException e) {
            throw LlaException.input("cannot write " + file + " (" + e.getMessage() + ")", e);
        }
    }

    /** Where the journal is kept. */
    public Path file() {
        return file;
    }

    /** Removes the journal once the final results are written. */
    public void delete() {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw LlaException.input("cannot remove " + file + " (" + e.getMessage() + ")", e);
        }
    }

    private static String firstLine(String message) {
        return message == null ? "no message" : message.strip().lines().findFirst().orElse("");
    }
}
