package dev.lla.core.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Versions of the runtime that executes a model, for provenance; the settings from the
 * environment that choose its kernels ({@code settings}, e.g. {@code ONEDNN_MAX_CPU_ISA}); and
 * what its self-checks found wrong on this machine ({@code warnings}, one line each). Both are
 * empty when there is nothing to say.
 */
public record EngineInfo(String name, String engineVersion, String djlVersion, Map<String, String> settings,
        List<String> warnings) {

    public EngineInfo {
        settings = Collections.unmodifiableMap(new TreeMap<>(settings)); // sorted: the same JSON every run
        warnings = List.copyOf(warnings);
    }

    public EngineInfo(String name, String engineVersion, String djlVersion) {
        this(name, engineVersion, djlVersion, Map.of(), List.of());
    }

    /** This engine with {@code found} as its warnings. */
    public EngineInfo withWarnings(List<String> found) {
        return new EngineInfo(name, engineVersion, djlVersion, settings, found);
    }
}
