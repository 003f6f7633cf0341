package dev.lla.core.model;

import java.util.List;

/**
 * Versions of the runtime that executes a model, for provenance, and what its self-checks found
 * wrong on this machine (one line each; empty when nothing is).
 */
public record EngineInfo(String name, String engineVersion, String djlVersion, List<String> warnings) {

    public EngineInfo {
        warnings = List.copyOf(warnings);
    }

    public EngineInfo(String name, String engineVersion, String djlVersion) {
        this(name, engineVersion, djlVersion, List.of());
    }

    /** This engine with {@code found} as its warnings. */
    public EngineInfo withWarnings(List<String> found) {
        return new EngineInfo(name, engineVersion, djlVersion, found);
    }
}
