package dev.lla.core.model;

import dev.lla.core.LlaException;
import dev.lla.core.data.Dataset;

/** Checks, before any long work, that a dataset fits a model: input shape and label range. */
public final class ModelFit {

    private ModelFit() {}

    /** Returns the model's number of classes, or throws one clear input error. */
    public static int check(TrainableModel<?> model, Dataset data) {
        int probeSize = Math.min(2, data.size());
        int[] indices = new int[probeSize];
        for (int i = 0; i < probeSize; i++) {
            indices[i] = i;
        }
        int classes = model.outputClasses(data.batch(0, indices));
        if (data.maxLabel() >= classes) {
            throw LlaException.input(
                    data.description() + ": labels reach " + data.maxLabel() + " but the model outputs "
                            + classes + " classes (labels 0.." + (classes - 1) + ")");
        }
        return classes;
    }
}
