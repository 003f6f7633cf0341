package dev.lla.core.data;

import java.nio.file.Path;
import java.util.List;

/**
 * A dataset located on disk in a known format, ready to be read. {@link DatasetLoader#resolve}
 * finds one from a {@link DataRequest}; reading is deferred so that callers can report what
 * will be read before spending the time.
 */
public sealed interface DataSource {

    /** Reads the dataset: into memory, or for an image folder its listing only. */
    Dataset read();

    /** The files that will be read, data first. */
    List<Path> files();

    /** The format the files are read as; never {@link DataFormat#AUTO}. */
    DataFormat format();

    /** An IDX images file and its labels file. */
    record Idx(Path images, Path labels) implements DataSource {

        @Override
        public Dataset read() {
            return IdxReader.read(images, labels);
        }

        @Override
        public DataFormat format() {
            return DataFormat.IDX;
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
        public DataFormat format() {
            return DataFormat.NPZ;
        }

        @Override
        public List<Path> files() {
            return List.of(file);
        }
    }

    /**
     * CIFAR-10 binary batch files, read in the order given, and {@code batches.meta.txt} with the
     * class names or {@code null}.
     */
    record Cifar10(List<Path> batches, Path meta) implements DataSource {

        public Cifar10 {
            batches = List.copyOf(batches);
        }

        @Override
        public Dataset read() {
            return Cifar10Reader.read(batches, meta);
        }

        @Override
        public DataFormat format() {
            return DataFormat.CIFAR10;
        }

        @Override
        public List<Path> files() {
            return batches;
        }
    }

    /**
     * A CSV file with its label column ({@code null}: the default) and sample shape
     * ({@code null}: flat).
     */
    record Csv(Path file, String labelColumn, List<Integer> sampleShape) implements DataSource {

        @Override
        public Dataset read() {
            return CsvReader.read(file, labelColumn, sampleShape);
        }

        @Override
        public DataFormat format() {
            return DataFormat.CSV;
        }

        @Override
        public List<Path> files() {
            return List.of(file);
        }
    }

    /** A MATLAB v5/v7 MAT-file with SVHN's variables {@code X} and {@code y}. */
    record Mat(Path file) implements DataSource {

        @Override
        public DataFormat format() {
            return DataFormat.SVHN;
        }

        @Override
        public Dataset read() {
            return SvhnReader.read(file);
        }

        @Override
        public List<Path> files() {
            return List.of(file);
        }
    }

    /**
     * An image folder: {@code directory} holds one subfolder of PNG/JPEG images per class (the
     * split's subfolder already chosen). Read lazily: only the listing is kept in memory.
     */
    record ImageFolder(Path directory) implements DataSource {

        @Override
        public DataFormat format() {
            return DataFormat.IMAGEFOLDER;
        }

        @Override
        public Dataset read() {
            return ImageFolderReader.read(directory);
        }

        /** The folder itself: provenance records a digest of its listing, not of every image. */
        @Override
        public List<Path> files() {
            return List.of(directory);
        }
    }
}
