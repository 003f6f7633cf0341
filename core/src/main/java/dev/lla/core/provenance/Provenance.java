package dev.lla.core.provenance;

import java.util.List;
import java.util.Map;

/**
 * Where a result came from: inputs with checksums, the seed, and the software and device that
 * computed it: with the environment's settings of the engine's kernels ({@code engineSettings},
 * such as {@code ONEDNN_MAX_CPU_ISA}) and what the engine's self-checks found wrong on this
 * machine ({@code engineWarnings}); both empty when there is nothing to say.
 */
public record Provenance(
        List<FileDigest> model,
        List<FileDigest> data,
        long seed,
        String llaVersion,
        String djlVersion,
        String engine,
        String engineVersion,
        Map<String, String> engineSettings,
        List<String> engineWarnings,
        String device,
        String java,
        String os,
        String startedAt) {}
