package dev.lla.core.bench;

/**
 * Timings (median milliseconds) and memory of {@link HvpBenchmark}, with the ratios that say how
 * close lla stays to libtorch's own cost. {@code graphHvpMillis}, {@code gaussNewtonMillis} and
 * {@code nmeMillis} are one product on graphs built beforehand (--operator hessian, gauss-newton,
 * nme). {@code slq*} fields are SLQ with full
 * re-orthogonalization (every step projects against all stored vectors), {@code partialSlq*} with
 * partial re-orthogonalization ({@code partialSlqReorthogonalizations} of the {@code slqIterations}
 * steps projected). {@code faultsPer*} are minor page faults (fresh pages mapped) per product across
 * the memory products and per step of the timed full SLQ run, {@code *KernelShare} the share of CPU
 * time spent in the kernel there: a P-sized allocation per step shows up in both. {@code malloc}
 * says whether glibc reused large blocks ({@link dev.lla.core.memory.GlibcMalloc}). {@code
 * basisPassMillis} is one raw pass over a full basis of {@code slqIterations} stored vectors (one
 * libtorch matrix-vector product, memory-bound): the unit of what re-orthogonalization must move.
 */
public record BenchmarkResult(
        int batchSize,
        long parameters,
        String device,
        int repeats,
        double forwardMillis,
        double forwardBackwardMillis,
        double fullHvpMillis,
        double graphHvpMillis,
        double gaussNewtonMillis,
        double nmeMillis,
        int slqIterations,
        double slqWallMillis,
        double slqHvpMillis,
        double partialSlqWallMillis,
        double partialSlqHvpMillis,
        int partialSlqReorthogonalizations,
        int memoryProducts,
        long rssBeforeKib,
        long rssAfterKib,
        long nativeHeapBeforeKib,
        long nativeHeapAfterKib,
        double faultsPerProduct,
        double productKernelShare,
        double faultsPerSlqStep,
        double slqKernelShare,
        String malloc,
        double basisPassMillis,
        int bytesPerNumber) {

    /** One full HVP (forward, create-graph gradient, second backward) over one forward + backward. */
    public double hvpOverForwardBackward() {
        return fullHvpMillis / forwardBackwardMillis;
    }

    /** One Gauss-Newton product over one HVP, both on built graphs (issue goal ≤ 1.5). */
    public double gaussNewtonOverHvp() {
        return gaussNewtonMillis / graphHvpMillis;
    }

    /** One NME product (an HVP and a Gauss-Newton product) over one HVP, both on built graphs. */
    public double nmeOverHvp() {
        return nmeMillis / graphHvpMillis;
    }

    /**
     * SLQ wall time over the time spent inside its products: what Lanczos with full
     * re-orthogonalization adds.
     */
    public double slqOverHvps() {
        return slqWallMillis / slqHvpMillis;
    }

    /** The same ratio for SLQ with partial re-orthogonalization. */
    public double partialSlqOverHvps() {
        return partialSlqWallMillis / partialSlqHvpMillis;
    }

    /**
     * The floor of {@link #slqOverHvps()} that full re-orthogonalization sets at this machine's
     * memory bandwidth: step j must read the j stored vectors twice (coefficients, then the
     * projection), so an m-step run reads {@code m(m − 1)·P} numbers, {@code (m − 1)} passes over
     * the full basis as timed by {@code basisPassMillis}. The other vector operations of a step
     * (a dot product, two axpys, a scaling, a norm) are left out, so this is a lower bound.
     */
    public double slqFloorOverHvps() {
        return (slqHvpMillis + (slqIterations - 1) * basisPassMillis) / slqHvpMillis;
    }

    /** Read bandwidth of the basis pass, GB/s (10⁹ bytes): the machine's memory-bound rate. */
    public double basisPassGigabytesPerSecond() {
        return (double) slqIterations * parameters * bytesPerNumber / (basisPassMillis * 1e6);
    }

    /** Resident memory change across {@link #memoryProducts()} products, in MiB. */
    public double rssGrowthMib() {
        return (rssAfterKib - rssBeforeKib) / 1024.0;
    }

    /** Change of the C heap in use (libtorch's tensors) across the products, in MiB. */
    public double nativeGrowthMib() {
        return (nativeHeapAfterKib - nativeHeapBeforeKib) / 1024.0;
    }
}
