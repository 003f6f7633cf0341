package dev.lla.cli;

import dev.lla.core.Versions;
import dev.lla.core.data.Dataset;
import dev.lla.core.model.EngineInfo;
import dev.lla.core.model.TrainableModel;
import dev.lla.core.provenance.FileDigest;
import dev.lla.core.provenance.Provenance;
import java.nio.file.Path;
import java.util.List;

/** Builds the provenance block shared by every command. */
final class Provenances {

    private Provenances() {}

    static Provenance of(TrainableModel<?> model, Path modelFile, Dataset data, long seed, String startedAt) {
        return of(model, List.of(FileDigest.of(modelFile)), data.files().stream().map(FileDigest::of).toList(),
                seed, startedAt);
    }

    static Provenance of(TrainableModel<?> model, List<FileDigest> modelFiles, List<FileDigest> dataFiles,
            long seed, String startedAt) {
        return of(model.engine(), model.device(), modelFiles, dataFiles, seed, startedAt);
    }

    /** The provenance of work on several models, run by {@code engine} on {@code device}. */
    static Provenance of(EngineInfo engine, String device, List<FileDigest> modelFiles, List<FileDigest> dataFiles,
            long seed, String startedAt) {
        return new Provenance(
                modelFiles,
                dataFiles,
                seed,
                Versions.lla(),
                engine.djlVersion(),
                engine.name(),
                engine.engineVersion(),
                engine.settings(),
                engine.warnings(),
                device,
                System.getProperty("java.version"),
                System.getProperty("os.name") + " " + System.getProperty("os.arch"),
                startedAt);
    }
}
