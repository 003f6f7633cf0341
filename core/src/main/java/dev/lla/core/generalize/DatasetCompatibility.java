package dev.lla.core.generalize;

import dev.lla.core.LlaException;
import dev.lla.core.data.Dataset;
import java.util.Arrays;

/**
 * Checks, before any long work, that a target dataset can stand in for the training dataset:
 * the same sample shape after its transforms and the same classes.
 */
public final class DatasetCompatibility {

    private DatasetCompatibility() {}

    /**
     * The number of classes of {@code data}: its class names where it has them, else its
     * largest label + 1.
     */
    public static int classes(Dataset data) {
        return data.classNames().isEmpty() ? data.maxLabel() + 1 : data.classNames().size();
    }

    /**
     * Throws one clear input error if {@code target}'s samples do not have the training samples'
     * shape.
     */
    public static void checkShape(String trainingName, Dataset training, String targetName, Dataset target) {
        if (!Arrays.equals(training.sampleShape(), target.sampleShape())) {
            throw LlaException.input("target " + targetName + " has samples of " + times(target.sampleShape())
                    + " after its transforms, but the model takes " + times(training.sampleShape())
                    + " (as dataset A, " + trainingName + "); transform it with --target-grayscale,"
                    + " --target-resize, --target-center-crop or --target-pad");
        }
    }

    /**
     * Throws one clear input error if {@code target} (without a label map) has another number of
     * classes than {@code training}.
     */
    public static void checkClasses(String trainingName, Dataset training, String targetName, Dataset target) {
        int a = classes(training);
        int b = classes(target);
        if (a != b) {
            throw LlaException.input("target " + targetName + " has " + b + " classes but dataset A (" + trainingName
                    + ") has " + a + "; map the target's classes onto A's with --target-label-map 'b=a,...'");
        }
    }

    private static String times(int[] shape) {
        return String.join("×", Arrays.stream(shape).mapToObj(Integer::toString).toList());
    }
}
