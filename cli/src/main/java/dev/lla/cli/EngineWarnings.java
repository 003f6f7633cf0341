package dev.lla.cli;

import dev.lla.core.model.TrainableModel;
import java.io.PrintWriter;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Says what the engine's self-checks found wrong for a model on stderr, whatever {@code --quiet}
 * says (it decides whether the numbers can be trusted), and once per run however many models the
 * command opens (a run is one stderr writer). The JSON's provenance holds the same lines
 * ({@code engineWarnings}).
 */
final class EngineWarnings {

    private static final Map<PrintWriter, Set<String>> SAID = Collections.synchronizedMap(new WeakHashMap<>());

    private EngineWarnings() {}

    /**
     * Says {@code model}'s engine warnings not yet said on {@code err}, and returns the model;
     * or, where this process may rerun on the gemm kernels, closes it and stops the run for that.
     */
    static <M extends TrainableModel<?>> M say(M model, PrintWriter err) {
        if (!model.engine().warnings().isEmpty() && GemmKernelsRerun.allowed()) {
            model.close();
            throw new GemmKernelsRerun(model.engine().warnings().get(0));
        }
        Set<String> said = SAID.computeIfAbsent(err, e -> ConcurrentHashMap.newKeySet());
        for (String warning : model.engine().warnings()) {
            if (said.add(warning)) {
                err.println("warning: " + warning);
            }
        }
        err.flush();
        return model;
    }
}
