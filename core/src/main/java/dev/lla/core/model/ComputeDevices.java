package dev.lla.core.model;

import dev.lla.core.model.torch.TorchRuntime;

/** Checks device names and sets up libtorch for several devices in one process, without loading a model. */
public final class ComputeDevices {

    private ComputeDevices() {}

    /** The device {@code request} resolves to ({@code cpu}, {@code gpu(0)}, …); a usage error naming {@code option} if none. */
    public static String check(String request, String option) {
        return TorchRuntime.device(request, option).toString();
    }

    /** libtorch's intra-op threads now. */
    public static int intraOpThreads() {
        return TorchRuntime.intraOpThreads();
    }

    /** libtorch's intra-op threads, for the whole process (see {@link TorchRuntime#setIntraOpThreads}). */
    public static void setIntraOpThreads(int threads) {
        TorchRuntime.setIntraOpThreads(threads);
    }
}
