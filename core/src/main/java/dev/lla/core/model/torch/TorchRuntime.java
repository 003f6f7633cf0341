package dev.lla.core.model.torch;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import dev.lla.core.LlaException;
import dev.lla.core.model.EngineInfo;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Starts DJL's PyTorch engine offline and resolves {@code --device} requests. Offline mode must be
 * set before the engine starts: otherwise start-up makes network calls and a missing native
 * library triggers a download attempt (shared/ENGINE.md).
 */
public final class TorchRuntime {

    private static final String ENGINE_NAME = "PyTorch";

    /** The last line of a TorchScript traceback: {@code RuntimeError: what went wrong}. */
    private static final Pattern PYTHON_ERROR =
            Pattern.compile("[A-Za-z_][\\w.]*(?:Error|Exception): (\\S.*)");

    private TorchRuntime() {}

    /** The PyTorch engine, started offline on first use. */
    public static synchronized Engine engine() {
        System.setProperty("ai.djl.offline", "true");
        try {
            return Engine.getEngine(ENGINE_NAME);
        } catch (EngineException | IllegalArgumentException e) {
            throw LlaException.input(
                    "cannot start libtorch (" + firstLine(e.getMessage()) + "); build with the"
                            + " native libtorch jar on the class path, see README");
        }
    }

    /**
     * Resolves {@code auto}, {@code cpu}, {@code cuda} or {@code cuda:N}. {@code auto} is the
     * first GPU when libtorch sees one, else the CPU.
     */
    public static Device device(String request) {
        return device(request, "--device");
    }

    /** As {@link #device(String)}, with errors naming {@code option} (e.g. {@code --devices}). */
    public static Device device(String request, String option) {
        String r = normalized(request);
        Engine engine = engine();
        int gpus = engine.getGpuCount();
        if (r.equals("auto")) {
            return gpus > 0 ? Device.gpu(0) : Device.cpu();
        }
        if (r.equals("cpu")) {
            return Device.cpu();
        }
        if (r.equals("cuda") || r.equals("gpu") || r.startsWith("cuda:") || r.startsWith("gpu:")) {
            int index = 0;
            int colon = r.indexOf(':');
            if (colon >= 0) {
                try {
                    index = Integer.parseInt(r.substring(colon + 1));
                } catch (NumberFormatException e) {
                    throw LlaException.usage(option + " " + request + ": expected cuda:N with N a number");
                }
            }
            if (index < 0 || index >= gpus) {
                throw LlaException.usage(
                        option + " "
                                + request
                                + ": libtorch sees "
                                + gpus
                                + " GPU(s); build with a CUDA libtorch (README, 'GPU') or use --device cpu");
            }
            return Device.gpu(index);
        }
        throw LlaException.usage(option + " " + request + ": expected auto, cpu, cuda or cuda:N");
    }

    /**
     * Whether {@code request} is certain to be the CPU without starting the engine: {@code cpu},
     * or {@code auto} in a build whose only libtorch is the CPU flavour (the native jar's
     * {@code native/lib/pytorch.properties}) and no environment that points DJL elsewhere.
     */
    public static boolean isCpuWithoutEngine(String request) {
        String r = normalized(request);
        if (r.equals("cpu")) {
            return true;
        }
        return r.equals("auto") && System.getenv("PYTORCH_LIBRARY_PATH") == null
                && System.getenv("PYTORCH_FLAVOR") == null && System.getProperty("PYTORCH_FLAVOR") == null
                && nativeFlavours().equals(Set.of("cpu"));
    }

    /** A --device request as compared: lower case, trimmed, {@code auto} when absent. */
    private static String normalized(String request) {
        return request == null ? "auto" : request.trim().toLowerCase(Locale.ROOT);
    }

    /** The {@code flavor} of every libtorch native jar on the class path. */
    private static Set<String> nativeFlavours() {
        Set<String> flavours = new HashSet<>();
        try {
            var resources = TorchRuntime.class.getClassLoader().getResources("native/lib/pytorch.properties");
            for (URL url : Collections.list(resources)) {
                Properties properties = new Properties();
                try (InputStream in = url.openStream()) {
                    properties.load(in);
                }
                flavours.add(properties.getProperty("flavor", "unknown"));
            }
        } catch (IOException e) {
            flavours.add("unreadable");
        }
        return flavours;
    }

    /**
     * Sets libtorch's intra-op threads for the whole process; each thread that computes later
     * takes the number on its first parallel operation. Several CPU workers in one process take
     * one thread each, so that they do not fight over the cores.
     */
    /** libtorch's intra-op threads of the calling thread. */
    public static int intraOpThreads() {
        engine();
        return ai.djl.pytorch.jni.JniUtils.getNumThreads();
    }

    public static void setIntraOpThreads(int threads) {
        engine();
        ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
    }

    /** Versions for provenance. */
    public static EngineInfo info() {
        Engine engine = engine();
        return new EngineInfo(ENGINE_NAME, engine.getVersion(), Engine.getDjlVersion(), kernelSettings(System.getenv()),
                List.of());
    }

    /** The variables of {@code env} that choose oneDNN's CPU kernels, and so the float32 rounding (or a defect). */
    static Map<String, String> kernelSettings(Map<String, String> env) {
        Map<String, String> settings = new TreeMap<>();
        for (String name : List.of("ONEDNN_MAX_CPU_ISA", "DNNL_MAX_CPU_ISA")) {
            if (env.get(name) != null) {
                settings.put(name, env.get(name));
            }
        }
        return settings;
    }

    static String firstLine(String message) {
        if (message == null || message.isBlank()) {
            return "no message";
        }
        return clip(message.strip().lines().findFirst().orElse(message));
    }

    /**
     * The line of a libtorch error that names its cause. An error raised inside the TorchScript
     * interpreter opens with "The following operation failed in the TorchScript interpreter.",
     * then two tracebacks, and names the cause only on its last line ({@code RuntimeError: mat1
     * and mat2 shapes cannot be multiplied (2x784 and 64x32)}); other errors name it first.
     */
    static String cause(String message) {
        if (message != null) {
            List<String> lines = message.strip().lines().toList();
            for (int i = lines.size() - 1; i >= 0; i--) {
                Matcher m = PYTHON_ERROR.matcher(lines.get(i).strip());
                if (m.matches()) {
                    return clip(m.group(1));
                }
            }
        }
        return firstLine(message);
    }

    private static String clip(String line) {
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }
}
