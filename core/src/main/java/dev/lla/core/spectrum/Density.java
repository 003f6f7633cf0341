package dev.lla.core.spectrum;

/**
 * A spectral density sampled on an evenly spaced grid, normalized so that {@code Σᵢ ρᵢ·Δx = 1}.
 *
 * <p>Arrays are shared, not copied: do not modify them.
 *
 * @param grid the eigenvalue axis x₀ < x₁ < … (same units as the operator's eigenvalues)
 * @param values ρ(xᵢ), in inverse eigenvalue units
 */
public record Density(double[] grid, double[] values) {

    public Density {
        if (grid.length != values.length || grid.length < 2) {
            throw new IllegalArgumentException(
                    grid.length + " grid points and " + values.length + " values");
        }
    }

    /** The grid spacing Δx. */
    public double spacing() {
        return (grid[grid.length - 1] - grid[0]) / (grid.length - 1);
    }
}
