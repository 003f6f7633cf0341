package dev.lla.core.data;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The transforms asked for, applied in one fixed, documented order whatever the order of the
 * options: grayscale → resize → center-crop → pad → scale → normalize. Each step is optional
 * ({@code null} or {@code false} for absent); {@link #NONE} has none.
 *
 * <p>{@link #outputShape} checks the whole chain against a sample shape before any work, so a
 * crop larger than the resized image is refused at once; {@link #apply(float[], int, int[])}
 * then transforms a block of samples, e.g. a whole dataset or one streamed batch.
 *
 * @param grayscale RGB to luma, {@link Grayscale}
 * @param resize {@link BilinearResize}, or {@code null}
 * @param centerCrop {@link CenterCrop}, or {@code null}
 * @param pad {@link ZeroPad}, or {@code null}
 * @param scale {@link RangeScale}, or {@code null}
 * @param normalization {@link Normalization}, or {@code null}
 */
public record TransformPipeline(boolean grayscale, BilinearResize resize, CenterCrop centerCrop,
        ZeroPad pad, RangeScale scale, Normalization normalization) {

    /** No transforms. */
    public static final TransformPipeline NONE =
            new TransformPipeline(false, null, null, null, null, null);

    public TransformPipeline withGrayscale(boolean grayscale) {
        return new TransformPipeline(grayscale, resize, centerCrop, pad, scale, normalization);
    }

    public TransformPipeline withResize(BilinearResize resize) {
        return new TransformPipeline(grayscale, resize, centerCrop, pad, scale, normalization);
    }

    public TransformPipeline withCenterCrop(CenterCrop centerCrop) {
        return new TransformPipeline(grayscale, resize, centerCrop, pad, scale, normalization);
    }

    public TransformPipeline withPad(ZeroPad pad) {
        return new TransformPipeline(grayscale, resize, centerCrop, pad, scale, normalization);
    }

    public TransformPipeline withScale(RangeScale scale) {
        return new TransformPipeline(grayscale, resize, centerCrop, pad, scale, normalization);
    }

    public TransformPipeline withNormalization(Normalization normalization) {
        return new TransformPipeline(grayscale, resize, centerCrop, pad, scale, normalization);
    }

    /** The steps present, in the order they are applied. */
    public List<Transform> steps() {
        List<Transform> steps = new ArrayList<>();
        if (grayscale) {
            steps.add(new Grayscale());
        }
        for (Transform t : new Transform[] {resize, centerCrop, pad, scale, normalization}) {
            if (t != null) {
                steps.add(t);
            }
        }
        return steps;
    }

    public boolean isEmpty() {
        return steps().isEmpty();
    }

    /**
     * The shape of a transformed sample of {@code shape}.
     *
     * @throws dev.lla.core.LlaException (usage) if a step cannot apply to what the steps before
     *     it give
     */
    public int[] outputShape(int[] shape) {
        int[] current = shape.clone();
        for (Transform t : steps()) {
            current = t.outputShape(current);
        }
        return current;
    }

    /** Transforms one sample of {@code shape}; returns a new array of the output shape. */
    public float[] apply(float[] sample, int[] shape) {
        float[] current = sample;
        int[] currentShape = shape;
        for (Transform t : steps()) {
            int[] next = t.outputShape(currentShape);
            current = t.apply(current, currentShape);
            currentShape = next;
        }
        return current == sample ? sample.clone() : current;
    }

    /**
     * Transforms {@code count} consecutive samples of {@code shape} held in {@code samples}.
     *
     * @return {@code count × product(outputShape(shape))} floats in C order, a new array
     * @throws dev.lla.core.LlaException (usage) as {@link #outputShape}
     */
    public float[] apply(float[] samples, int count, int[] shape) {
        int inSize = (int) Shapes.product(shape);
        int outSize = (int) Shapes.product(outputShape(shape));
        float[] out = new float[Math.multiplyExact(count, outSize)];
        float[] sample = new float[inSize];
        for (int i = 0; i < count; i++) {
            System.arraycopy(samples, i * inSize, sample, 0, inSize);
            System.arraycopy(apply(sample, shape), 0, out, i * outSize, outSize);
        }
        return out;
    }

    /** The steps in order, e.g. {@code resize 8x8 (…) → normalize 0.5,0.25}; {@code none}. */
    @Override
    public String toString() {
        List<Transform> steps = steps();
        return steps.isEmpty() ? "none"
                : steps.stream().map(Transform::toString).collect(Collectors.joining(" → "));
    }
}
