package dev.lla.render;

import dev.lla.core.provenance.Provenance;

/**
 * The one JSON document every command writes: what was asked, where it came from, what came out.
 *
 * @param schemaVersion bumped whenever a field changes meaning or is removed
 * @param command the subcommand, e.g. {@code hesd}
 * @param config every option that fixes the numbers
 * @param provenance inputs' checksums and the software that ran
 * @param results the command's results record
 */
public record Document(
        int schemaVersion, String command, Object config, Provenance provenance, Object results) {

    /** The schema version this build writes. */
    public static final int SCHEMA_VERSION = 1;

    public static Document of(String command, Object config, Provenance provenance, Object results) {
        return new Document(SCHEMA_VERSION, command, config, provenance, results);
    }
}
