package dev.lla.render;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.lla.core.LlaException;
import dev.lla.core.journal.Journal;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Keeps a job's finished pieces in a JSON file beside its results. Unlike result documents, the
 * journal must round-trip every double exactly, NaN included, so it uses JSON's non-standard
 * NaN/Infinity tokens: it is read back only by lla.
 *
 * @param <P> the record of finished pieces
 */
public final class JsonJournal<P> implements Journal<P> {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .build();

    private final Path file;
    private final boolean resume;
    private final Class<P> type;
    private final Function<String, P> empty;
    private final Function<P, String> fingerprintOf;

    /**
     * @param file the journal file
     * @param resume whether to reuse pieces saved in {@code file} (else they are overwritten)
     * @param type the record type, for reading it back
     * @param empty the record of no pieces for a fingerprint
     * @param fingerprintOf the fingerprint a saved record belongs to
     */
    public JsonJournal(Path file, boolean resume, Class<P> type, Function<String, P> empty,
            Function<P, String> fingerprintOf) {
        this.file = file;
        this.resume = resume;
        this.type = type;
        this.empty = empty;
        this.fingerprintOf = fingerprintOf;
    }

    @Override
    public P finished(String fingerprint) {
        if (!resume || !Files.exists(file)) {
            return empty.apply(fingerprint);
        }
        P saved;
        try {
            saved = MAPPER.readValue(file.toFile(), type);
        } catch (IOException e) {
            throw LlaException.input(file + ": unreadable partial results (" + firstLine(e.getMessage())
                    + "); delete it to start over");
        }
        if (!fingerprint.equals(fingerprintOf.apply(saved))) {
            throw LlaException.usage(file + " holds partial results of other inputs or options;"
                    + " rerun with the same ones, or without --resume to start over");
        }
        return saved;
    }

    @Override
    public void record(P partial) {
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
