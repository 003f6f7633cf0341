package dev.lla.core.model;

/** Mean loss and number of correct predictions of a model on a batch. */
public record Evaluation(double loss, long correct, int size) {

    /** Fraction of the batch predicted correctly. */
    public double accuracy() {
        return (double) correct / size;
    }
}
