package dev.lla.core.model;

import java.util.Locale;

/**
 * The objective {@code L(w)} whose value, gradient and Hessian lla computes, from the model's
 * outputs (N, C) and integer labels (N). Both are means over the batch, so a batch's Hessian does
 * not grow with its size. Accuracy is the arg-max of the outputs whatever the loss.
 */
public enum Loss {
    /** Mean cross-entropy of the logits, {@code F.cross_entropy(outputs, labels)} (the default). */
    CROSS_ENTROPY("cross-entropy"),
    /**
     * Mean squared error against one-hot labels, averaged over all N·C entries:
     * {@code F.mse_loss(outputs, F.one_hot(labels, C).to(outputs.dtype))}. The usual "MSE on one-hot
     * targets" for classifiers; for a linear model it makes the loss exactly quadratic in the weights.
     */
    MSE("mse");

    private final String label;

    Loss(String label) {
        this.label = label;
    }

    /** The name on the command line and in the JSON config. */
    public String label() {
        return label;
    }

    /** The loss named {@code label} (any case), or null when there is none. */
    public static Loss byLabel(String label) {
        String wanted = label.toLowerCase(Locale.ROOT);
        for (Loss loss : values()) {
            if (loss.label.equals(wanted)) {
                return loss;
            }
        }
        return null;
    }
}
