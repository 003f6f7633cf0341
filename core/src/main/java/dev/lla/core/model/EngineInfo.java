package dev.lla.core.model;

/** Versions of the runtime that executes a model, for provenance. */
public record EngineInfo(String name, String engineVersion, String djlVersion) {}
