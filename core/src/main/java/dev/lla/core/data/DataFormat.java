package dev.lla.core.data;

/**
 * The format to read a dataset as: {@link #AUTO} works it out from the path (see
 * {@link DatasetLoader}), the others override that detection.
 */
public enum DataFormat {
    AUTO("auto"),
    IDX("idx"),
    NPZ("npz"),
    CIFAR10("cifar10"),
    CSV("csv"),
    /** SVHN's MATLAB v5/v7 MAT-files ({@code X}, {@code y}). */
    SVHN("svhn"),
    /** A directory of class subfolders holding PNG/JPEG images, see {@link ImageFolderReader}. */
    IMAGEFOLDER("imagefolder");

    private final String label;

    DataFormat(String label) {
        this.label = label;
    }

    /** Lower-case name as on the command line, for messages: {@code npz}, {@code cifar10}. */
    public String label() {
        return label;
    }
}
