package dev.lla.core.data;

import java.nio.file.Path;
import java.util.List;

/**
 * A dataset located on disk in a known format, ready to be read. {@link DatasetLoader#resolve}
 * finds one from a {@link DataRequest}; reading is deferred so that callers can report what
 * will be read before spending the time.
 */
public sealed interface DataSource {

    /** Reads the whole dataset into memory. */
    Dataset read();

    /** The files that will be read, data first. */
    List<Path> files();

    /** An IDX images file and its labels file. */
    record Idx(Path images, Path labels) implements DataSource {

        @Override
        public Dataset read() {
            return IdxReader.read(images, labels);
        }

        @Override
        public List<Path> files() {
            return List.of(images, labels);
        }
    }

    /** An NPZ archive with a samples array and a labels array. */
    record Npz(Path file, String xArray, String yArray) implements DataSource {

        @Override
        public Dataset read() {
            return NpzDatasetReader.read(file, xArray, yArray);
        }

        @Override
        public List<Path> files() {
            return List.of(file);
        }
    }

    /** A MATLAB v5/v7 MAT-file with SVHN's variables {@code X} and {@code y}. */
    record Mat(Path file) implements DataSource {

        @Override
        public Dataset read() {
            return SvhnReader.read(file);
        }

        @Override
        public List<Path> files() {
            return List.of(file);
        }
    }
}
