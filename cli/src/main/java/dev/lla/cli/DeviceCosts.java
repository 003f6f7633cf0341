package dev.lla.cli;

import dev.lla.core.hesd.HesdRun;
import dev.lla.core.shard.DeviceLanes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/** {@code cost.devices}: per device of a --devices run, its pieces, products and seconds. */
final class DeviceCosts {

    private DeviceCosts() {}

    /** One entry per device, in --devices order: {@code {device, pieces, hvps, hvpSeconds, seconds}}. */
    static <W> List<Map<String, Object>> json(List<DeviceLanes.Lane<W>> lanes, ToLongFunction<W> hvps,
            ToDoubleFunction<W> hvpSeconds) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (DeviceLanes.Lane<W> lane : lanes) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("device", lane.device());
            entry.put("pieces", lane.pieces());
            entry.put("hvps", lane.value() == null ? 0 : hvps.applyAsLong(lane.value()));
            entry.put("hvpSeconds", lane.value() == null ? 0 : hvpSeconds.applyAsDouble(lane.value()));
            entry.put("seconds", lane.seconds());
            list.add(entry);
        }
        return list;
    }

    /** The products of every device and of the pooling pass, over the wall time of the whole run. */
    static HesdRun.Cost total(List<DeviceLanes.Lane<HesdRun.Cost>> lanes, HesdRun.Cost pooling, double wallSeconds) {
        long hvps = pooling.hvps();
        double hvpSeconds = pooling.hvpSeconds();
        for (DeviceLanes.Lane<HesdRun.Cost> lane : lanes) {
            hvps += lane.value().hvps();
            hvpSeconds += lane.value().hvpSeconds();
        }
        return new HesdRun.Cost(hvps, hvpSeconds, wallSeconds);
    }

    /** {@code cost} with {@code devices} added (unchanged without --devices). */
    @SuppressWarnings("unchecked")
    static Object with(Object cost, Object devices) {
        if (devices == null) {
            return cost;
        }
        Map<String, Object> map = cost == null ? new LinkedHashMap<>()
                : new LinkedHashMap<>(dev.lla.render.JsonDocuments.mapper().convertValue(cost, Map.class));
        map.put("devices", devices);
        return map;
    }
}
