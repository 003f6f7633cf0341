package dev.lla.core.model;

import java.util.Locale;

/**
 * Which curvature matrix of the mean loss lla analyses (docs/METHODS.md, "Gauss-Newton and NME").
 * With z the model's outputs (N, C), J = dz/dw and H_z the Hessian of the loss in z, the Hessian
 * splits as {@code H = G + NME}: the Gauss-Newton matrix {@code G = Jᵀ H_z J} (positive
 * semi-definite for a convex loss in z) and the nonlinear modelling error, the part that comes from
 * the curvature of z itself.
 */
public enum Curvature {
    /** The Hessian H of the mean loss (the default, lla's behaviour before this option). */
    HESSIAN("hessian"),
    /** The Gauss-Newton matrix {@code G = Jᵀ H_z J}, products from exact autograd, H_z in closed form. */
    GAUSS_NEWTON("gauss-newton"),
    /** The nonlinear modelling error {@code H − G}, from the same graphs as both products. */
    NME("nme");

    private final String label;

    Curvature(String label) {
        this.label = label;
    }

    /** The name on the command line and in the JSON config. */
    public String label() {
        return label;
    }

    /** The operator named {@code label} (any case), or null when there is none. */
    public static Curvature byLabel(String label) {
        String wanted = label.toLowerCase(Locale.ROOT);
        for (Curvature c : values()) {
            if (c.label.equals(wanted)) {
                return c;
            }
        }
        return null;
    }

    /** The names, for help and error messages. */
    public static String labels() {
        StringBuilder names = new StringBuilder();
        for (Curvature c : values()) {
            names.append(names.length() == 0 ? "" : ", ").append(c.label);
        }
        return names.toString();
    }
}
