package dev.lla.core.provenance;

import java.util.List;

/**
 * Where a result came from: inputs with checksums, the seed, and the software and device that
 * computed it, and what the engine's self-checks found wrong on this machine
 * ({@code engineWarnings}, empty when nothing).
 */
public record Provenance(
        List<FileDigest> model,
        List<FileDigest> data,
        long seed,
        String llaVersion,
        String djlVersion,
        String engine,
        String engineVersion,
        List<String> engineWarnings,
        String device,
        String java,
        String os,
        String startedAt) {}
