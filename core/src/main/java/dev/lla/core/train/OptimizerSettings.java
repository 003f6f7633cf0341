package dev.lla.core.train;

import dev.lla.core.LlaException;
import java.util.Locale;

/**
 * Which optimizer, with torch.optim's meaning of every setting (PyTorch 1.13/2.x defaults:
 * no AMSGrad, no Nesterov, no dampening).
 *
 * @param kind Adam or SGD
 * @param lr learning rate
 * @param beta1 Adam's first-moment decay
 * @param beta2 Adam's second-moment decay
 * @param eps Adam's term added to the bias-corrected root of the second moment
 * @param weightDecay L2 penalty added to the gradient ({@code g + λw}, torch.optim.Adam's, not AdamW's)
 * @param momentum SGD's momentum (0: plain SGD)
 */
public record OptimizerSettings(Kind kind, double lr, double beta1, double beta2, double eps, double weightDecay,
        double momentum) {

    /** The optimizers lla trains with. */
    public enum Kind {
        ADAM,
        SGD;

        /** Lower-case name, as on the command line. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** @throws LlaException (usage) naming the option whose value is out of range */
    public OptimizerSettings {
        positive("--lr", lr);
        if (!(beta1 >= 0 && beta1 < 1)) {
            throw LlaException.usage("--beta1 " + beta1 + ": expected 0 <= beta1 < 1");
        }
        if (!(beta2 >= 0 && beta2 < 1)) {
            throw LlaException.usage("--beta2 " + beta2 + ": expected 0 <= beta2 < 1");
        }
        positive("--eps", eps);
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw LlaException.usage("--weight-decay " + weightDecay + ": expected a finite value >= 0");
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw LlaException.usage("--momentum " + momentum + ": expected 0 <= momentum < 1");
        }
    }

    private static void positive(String option, double value) {
        if (!(value > 0) || Double.isInfinite(value)) {
            throw LlaException.usage(option + " " + value + ": expected a finite value > 0");
        }
    }
}
