package dev.lla.cli;

import dev.lla.core.LlaException;
import dev.lla.core.model.ComputeDevices;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** {@code --devices D1,D2,...}: several devices in one process, one model copy and one worker thread each. */
final class DeviceListOptions {

    @Option(names = "--devices", paramLabel = "D1,D2,...",
            description = "Compute on several devices at once (e.g. cuda:0,cuda:1; cpu,cpu for tests): one model"
                    + " copy and one worker per device, the pieces handed out from one queue and pooled in order,"
                    + " so the results equal a one-device run's. Named CPU devices take one libtorch thread each."
                    + " Excludes --device.")
    String devices;

    /**
     * The devices named, each checked, or null without {@code --devices}. Usage errors: an empty
     * list, a device libtorch does not have, {@code --device} as well.
     */
    List<String> list(CommandSpec spec) {
        if (devices == null) {
            return null;
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--device")) {
            throw LlaException.usage("--devices and --device both choose where to compute; give one");
        }
        List<String> names = new ArrayList<>();
        for (String name : devices.split(",", -1)) {
            if (name.isBlank()) {
                throw LlaException.usage("--devices " + devices + ": expected a comma-separated list of devices,"
                        + " e.g. cuda:0,cuda:1, with no empty entry");
            }
            names.add(name.strip());
        }
        names.forEach(name -> ComputeDevices.check(name, "--devices"));
        return List.copyOf(names);
    }

    /**
     * Several CPU workers share the cores: one libtorch thread each (libtorch's count is
     * process-wide). Returns the count to restore afterwards, or 0 when nothing changed.
     */
    static int threadsFor(List<String> devices) {
        long cpus = devices.stream().filter(d -> d.equalsIgnoreCase("cpu")).count();
        if (cpus < 2) {
            return 0;
        }
        int before = ComputeDevices.intraOpThreads();
        ComputeDevices.setIntraOpThreads(1);
        return before;
    }

    /** Puts back the thread count {@link #threadsFor} changed (a process may run more than one command). */
    static void restoreThreads(int before) {
        if (before > 0) {
            ComputeDevices.setIntraOpThreads(before);
        }
    }

    /** The devices in the JSON config, when named (they are part of the fingerprint, as --device is). */
    void putConfig(Map<String, Object> config) {
        if (devices != null) {
            config.put("devices", Arrays.stream(devices.split(",")).map(String::strip).toList());
        }
    }
}
