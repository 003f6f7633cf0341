package dev.lla.core.model;

/**
 * Which statistics BatchNorm layers use, and so which Hessian is computed. The model's running
 * statistics are the same after a command as before it, whatever the mode.
 */
public enum ModelMode {
    /** Running statistics (PyHessian's choice; the default). */
    EVAL,
    /** Statistics of the current batch, as during training. */
    TRAIN
}
