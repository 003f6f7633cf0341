package dev.lla.core.data;

import java.util.List;

/**
 * Which half of a dataset that ships as a train/test pair to read. The names follow the files
 * MNIST and Fashion-MNIST are distributed as ({@code train-*}, {@code t10k-*}).
 */
public enum Split {
    TRAIN("train", "train"),
    TEST("test", "t10k");

    private final String label;
    private final String idxPrefix;

    Split(String label, String idxPrefix) {
        this.label = label;
        this.idxPrefix = idxPrefix;
    }

    /** Lower-case name for messages: {@code train} or {@code test}. */
    public String label() {
        return label;
    }

    /**
     * The IDX images file names of this split, without {@code .gz}: the canonical spelling first,
     * then the dotted one some mirrors (e.g. Kaggle) use.
     */
    public List<String> idxImagesNames() {
        return List.of(idxPrefix + "-images-idx3-ubyte", idxPrefix + "-images.idx3-ubyte");
    }

    /** The IDX labels file names of this split, in the same order as {@link #idxImagesNames}. */
    public List<String> idxLabelsNames() {
        return List.of(idxPrefix + "-labels-idx1-ubyte", idxPrefix + "-labels.idx1-ubyte");
    }

    /** File name of this split in a directory of NPZ files: {@code train.npz}, {@code test.npz}. */
    public String npzName() {
        return label + ".npz";
    }

    /**
     * File name of this split among SVHN's MAT-files: {@code train_32x32.mat},
     * {@code test_32x32.mat}. SVHN's third file, {@code extra_32x32.mat}, is read by naming it.
     */
    public String svhnName() {
        return label + "_32x32.mat";
    }
}
