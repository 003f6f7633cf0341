package dev.lla.core.data;

import dev.lla.core.LlaException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A labelled dataset: {@link #size()} samples of shape {@link #sampleShape()}, float32 in C order,
 * each with a non-negative integer class label.
 *
 * <p>The samples are either held in memory (every reader but the image folder) or decoded on
 * demand by a {@link LazySamples} source when a {@link #batch} is built, so that a dataset larger
 * than memory can be streamed; the labels are always in memory. A lazy dataset checks for
 * non-finite values per batch instead of at construction.
 *
 * <p>A dataset is immutable. The constructor takes ownership of the arrays (a copy of a 60000-image
 * dataset would cost another 188 MB); callers must not modify them afterwards. Everything handed
 * out is a copy.
 *
 * <p>The constructor enforces what every later stage relies on, and reports violations as input
 * errors that name the file: at least one sample, finite values only, labels {@code ≥ 0}.
 */
public final class Dataset {

    /** The samples in C order, or {@code null} when {@link #lazy} decodes them on demand. */
    private final float[] samples;
    private final LazySamples lazy;
    private final int[] sampleShape;
    private final int sampleSize;
    private final int[] labels;
    private final String description;
    private final List<Path> files;
    private final List<String> classNames;

    /**
     * @param samples {@code labels.length × product(sampleShape)} floats in C order
     * @param sampleShape shape of one sample, all dimensions positive: {@code [C, H, W]} for
     *     images, {@code [D]} for flat vectors
     * @param labels one class index per sample
     * @param description one line for reports, e.g. where the data came from and its shape
     * @param files the files the data was read from, data file first, then a separate labels file
     *     if any; named in error messages and recorded for provenance
     * @throws LlaException (input) if the dataset is empty, holds a non-finite value or a negative
     *     label
     */
    public Dataset(float[] samples, int[] sampleShape, int[] labels, String description,
            List<Path> files) {
        this.sampleShape = sampleShape.clone();
        this.files = List.copyOf(files);
        this.description = description;
        if (this.sampleShape.length == 0) {
            throw new IllegalArgumentException("a sample needs at least one dimension");
        }
        for (int d : this.sampleShape) {
            if (d <= 0) {
                throw new IllegalArgumentException("sample shape "
                        + Shapes.times(this.sampleShape) + " has an empty dimension");
            }
        }
        long size = Shapes.product(this.sampleShape);
        if ((long) labels.length * size != samples.length) {
            throw new IllegalArgumentException(labels.length + " samples of "
                    + Shapes.times(this.sampleShape) + " need " + labels.length * size
                    + " floats, got " + samples.length);
        }
        this.sampleSize = (int) size;
        this.samples = samples;
        this.lazy = null;
        this.labels = labels;
        this.classNames = List.of();
        checkNotEmpty();
        checkFinite();
        checkLabels();
    }

    /**
     * A dataset whose samples {@code lazy} decodes when a batch needs them.
     *
     * @throws LlaException (input) if the dataset is empty or holds a negative label
     */
    Dataset(LazySamples lazy, int[] labels, String description, List<Path> files) {
        this.samples = null;
        this.lazy = lazy;
        this.sampleShape = lazy.shape().clone();
        this.sampleSize = Math.toIntExact(Shapes.product(sampleShape));
        this.labels = labels;
        this.description = description;
        this.files = List.copyOf(files);
        this.classNames = List.of();
        checkNotEmpty();
        checkLabels();
    }

    /** A copy sharing the (immutable) data, with {@code classNames} instead of this one's. */
    private Dataset(Dataset data, List<String> classNames) {
        this(data, data.labels, classNames);
    }

    /** A copy sharing the (immutable) samples, with other labels and class names. */
    private Dataset(Dataset data, int[] labels, List<String> classNames) {
        this.samples = data.samples;
        this.lazy = data.lazy;
        this.sampleShape = data.sampleShape;
        this.sampleSize = data.sampleSize;
        this.labels = labels;
        this.description = data.description;
        this.files = data.files;
        this.classNames = List.copyOf(classNames);
    }

    /**
     * This dataset with names for its classes, name {@code k} for label {@code k}, e.g. from
     * CIFAR-10's {@code batches.meta.txt}. Shares the data, so it costs no copy.
     *
     * @throws LlaException (input) if a label has no name
     */
    public Dataset withClassNames(List<String> classNames) {
        if (!classNames.isEmpty() && maxLabel() >= classNames.size()) {
            throw LlaException.input(labelSource() + ": labels reach " + maxLabel() + " but only "
                    + classNames.size() + " class names are given");
        }
        return new Dataset(this, classNames);
    }

    /**
     * This dataset with sample {@code i} labelled {@code labels[i]} and the given class names,
     * e.g. another dataset's classes mapped onto a model's. Shares the samples.
     *
     * @throws LlaException (input) as the constructor, for a negative label or a label without a name
     */
    public Dataset relabeled(int[] labels, List<String> classNames) {
        if (labels.length != this.labels.length) {
            throw new IllegalArgumentException(labels.length + " labels for " + this.labels.length + " samples");
        }
        Dataset relabeled = new Dataset(this, labels.clone(), List.of());
        relabeled.checkLabels();
        return relabeled.withClassNames(classNames);
    }

    /** The class names, name {@code k} for label {@code k}; empty when the data names none. */
    public List<String> classNames() {
        return classNames;
    }

    /** Number of samples. */
    public int size() {
        return labels.length;
    }

    /** Number of floats in one sample: the product of {@link #sampleShape()}. */
    public int sampleSize() {
        return sampleSize;
    }

    /** Shape of one sample (a copy). */
    public int[] sampleShape() {
        return sampleShape.clone();
    }

    /** Largest label; the model needs at least {@code maxLabel() + 1} outputs. */
    public int maxLabel() {
        int max = 0;
        for (int label : labels) {
            max = Math.max(max, label);
        }
        return max;
    }

    /** Label of sample {@code i}. */
    public int label(int i) {
        return labels[i];
    }

    /** All labels (a copy). */
    public int[] labels() {
        return labels.clone();
    }

    /** Sample {@code i} (a copy), {@link #sampleSize()} floats in C order. */
    public float[] sample(int i) {
        if (lazy != null) {
            Objects.checkIndex(i, labels.length);
            return lazy.sample(i);
        }
        float[] out = new float[sampleSize];
        System.arraycopy(samples, i * sampleSize, out, 0, sampleSize);
        return out;
    }

    public String description() {
        return description;
    }

    /** The files read, data first; empty for a dataset built in memory. */
    public List<Path> files() {
        return files;
    }

    /**
     * Copies the samples at {@code indices}, in that order, into a batch numbered {@code index}.
     *
     * @throws IndexOutOfBoundsException if an index is outside {@code [0, size())}; indices come
     *     from a {@link BatchPlan} for this dataset, so this is a programming error
     */
    public Batch batch(int index, int[] indices) {
        float[] pixels = new float[Math.multiplyExact(indices.length, sampleSize)];
        int[] batchLabels = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            int i = indices[k];
            if (i < 0 || i >= labels.length) {
                throw new IndexOutOfBoundsException(
                        "sample " + i + " of a dataset of " + labels.length);
            }
            if (lazy == null) {
                System.arraycopy(samples, i * sampleSize, pixels, k * sampleSize, sampleSize);
            } else {
                System.arraycopy(lazy.sample(i), 0, pixels, k * sampleSize, sampleSize);
            }
            batchLabels[k] = labels[i];
        }
        if (lazy != null) {
            checkFinite(pixels, indices);
        }
        return new Batch(index, pixels, batchLabels, sampleShape);
    }

    /**
     * Batch {@code b} of {@code plan}.
     *
     * @throws IllegalArgumentException if the plan was made for a dataset of another size
     */
    public Batch batch(BatchPlan plan, int b) {
        if (plan.datasetSize() != labels.length) {
            throw new IllegalArgumentException("plan for " + plan.datasetSize()
                    + " samples used on a dataset of " + labels.length);
        }
        return batch(b, plan.indices(b));
    }

    /**
     * A copy with every value mapped through {@code normalization}; the same as
     * {@link #transformed} with a pipeline of that normalization only.
     *
     * @throws LlaException (usage) as {@link #transformed}
     */
    public Dataset normalized(Normalization normalization) {
        return transformed(TransformPipeline.NONE.withNormalization(normalization));
    }

    /**
     * A copy with every sample passed through {@code transforms}: new samples, sample shape and
     * description; the class names and files stay. Returns this dataset when there are no
     * transforms.
     *
     * @throws LlaException (usage) if a transform cannot apply to the samples (a crop larger
     *     than the image, grayscale of 2 channels...), or the result would not fit one array or
     *     overflows float32 (only a nonsensically small std can do that)
     */
    public Dataset transformed(TransformPipeline transforms) {
        if (transforms.isEmpty()) {
            return this;
        }
        if (lazy != null) {
            LazySamples out;
            try {
                out = lazy.transformed(transforms);
            } catch (LlaException e) {
                throw e.kind() == LlaException.Kind.USAGE
                        ? LlaException.usage(source() + ": " + e.getMessage()) : e;
            }
            return new Dataset(out, labels, description + ", transformed: " + transforms, files)
                    .withClassNames(classNames);
        }
        int[] outShape;
        try {
            outShape = transforms.outputShape(sampleShape);
        } catch (LlaException e) {
            throw LlaException.usage(source() + ": " + e.getMessage());
        }
        long outSize = Shapes.product(outShape);
        if (outSize * labels.length > Shapes.MAX_ARRAY_LENGTH) {
            throw LlaException.usage(source() + ": " + labels.length + " samples of "
                    + Shapes.times(outShape) + " after " + transforms
                    + " are too many values for one array; use fewer or smaller samples");
        }
        float[] out = transforms.apply(samples, labels.length, sampleShape);
        for (int j = 0; j < out.length; j++) {
            if (!Float.isFinite(out[j])) {
                throw LlaException.usage(transforms + " overflows float32 on " + source()
                        + " sample " + j / outSize + "; choose a larger std");
            }
        }
        return new Dataset(out, outShape, labels, description + ", transformed: " + transforms,
                files).withClassNames(classNames);
    }

    @Override
    public String toString() {
        return description;
    }

    /** The data file for messages, or the description for a dataset built in memory. */
    private String source() {
        return files.isEmpty() ? description : files.get(0).toString();
    }

    /** The file that holds the labels: the last one, as a separate labels file follows the data. */
    private String labelSource() {
        return files.isEmpty() ? description : files.get(files.size() - 1).toString();
    }

    private void checkNotEmpty() {
        if (labels.length == 0) {
            throw LlaException.input(source() + ": the dataset is empty (0 samples)");
        }
    }

    private void checkFinite() {
        for (int j = 0; j < samples.length; j++) {
            float v = samples[j];
            if (!Float.isFinite(v)) {
                throw LlaException.input(source() + ": sample " + j / sampleSize + " contains "
                        + nonFinite(v) + "; lla needs finite inputs");
            }
        }
    }

    /** The check of {@link #checkFinite()} on a lazily decoded batch of samples {@code indices}. */
    private void checkFinite(float[] pixels, int[] indices) {
        for (int j = 0; j < pixels.length; j++) {
            float v = pixels[j];
            if (!Float.isFinite(v)) {
                int i = indices[j / sampleSize];
                throw LlaException.input(lazy.name(i) + ": sample " + i + " contains "
                        + nonFinite(v) + "; lla needs finite inputs");
            }
        }
    }

    private static String nonFinite(float v) {
        return Float.isNaN(v) ? "NaN" : (v > 0 ? "+Infinity" : "-Infinity");
    }

    private void checkLabels() {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw LlaException.input(labelSource() + ": label " + labels[i] + " of sample " + i
                        + " is negative; labels must be class indices 0, 1, 2, ...");
            }
        }
    }
}
