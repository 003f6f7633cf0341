package dev.lla.render;

import dev.lla.core.provenance.Provenance;

/**
 * The one JSON document every command writes: what was asked, where it came from, what came out.
 *
 * @param schemaVersion bumped whenever a field changes meaning or is removed
 * @param command the subcommand, e.g. {@code hesd}
 * @param config every option that fixes the numbers
 * @param provenance inputs' checksums and the software that ran
 * @param results the command's results: numbers only, the same for the same inputs and seed
 * @param cost what this run spent (products, seconds); differs between identical runs
 */
public record Document(
        int schemaVersion,
        String command,
        Object config,
        Provenance provenance,
        Object results,
        Object cost) {

    /** The schema version this build writes. */
    public static final int SCHEMA_VERSION = 1;

    public static Document of(String command, Object config, Provenance provenance, Object results, Object cost) {
        return new Document(SCHEMA_VERSION, command, config, provenance, results, cost);
    }
}
