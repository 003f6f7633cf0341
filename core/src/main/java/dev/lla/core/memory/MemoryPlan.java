package dev.lla.core.memory;

import java.util.List;
import java.util.Locale;

/**
 * What a run will hold in memory, planned before its work starts, next to what its device can
 * still give, so that a run that cannot fit stops at once instead of failing halfway.
 *
 * @param figures the named parts, each in bytes; on a device with its own memory (a GPU) the
 *     host's parts are checked against the host's memory
 * @param device where the device's parts live
 * @param hostAvailableBytes what the host can still give when the device is not the host, else
 *     unused; -1 where unknown
 */
public record MemoryPlan(List<Figure> figures, DeviceMemory device, long hostAvailableBytes) {

    /**
     * One named part of the plan.
     *
     * @param name the key in records, e.g. {@code basis}
     * @param bytes its size
     * @param detail how it is made up, e.g. {@code 101 × 44,426 floats}, or empty
     * @param onHost whether it lives in host memory rather than on the device
     */
    public record Figure(String name, long bytes, String detail, boolean onHost) {
        String text() {
            return name + " " + (detail.isEmpty() ? "" : detail + " = ") + MemoryPlan.bytes(bytes);
        }
    }

    public MemoryPlan {
        figures = List.copyOf(figures);
    }

    /** Bytes of the part named {@code name}, 0 when there is none. */
    public long bytesOf(String name) {
        return figures.stream().filter(f -> f.name().equals(name)).mapToLong(Figure::bytes).sum();
    }

    /** Bytes of every part, device and host. */
    public long totalBytes() {
        return figures.stream().mapToLong(Figure::bytes).sum();
    }

    /** Bytes of the parts on the device, or of all parts when the device is the host. */
    public long deviceBytes() {
        return figures.stream().filter(f -> device.sharesHost() || !f.onHost()).mapToLong(Figure::bytes).sum();
    }

    /** Bytes of the parts in host memory when the device has memory of its own, else 0. */
    public long hostBytes() {
        return device.sharesHost() ? 0 : figures.stream().filter(Figure::onHost).mapToLong(Figure::bytes).sum();
    }

    /** Whether the plan fits; a pool whose free memory is unknown is taken to fit. */
    public boolean fits() {
        return fitsIn(deviceBytes(), device.freeBytes()) && (device.sharesHost() || fitsIn(hostBytes(),
                hostAvailableBytes));
    }

    /** One line for stderr, e.g. {@code memory plan: 312 MB (model …, basis …) of 20.1 GB available}. */
    public String summary() {
        return "memory plan: " + bytes(deviceBytes()) + " (" + parts() + ") of " + availability(device.freeBytes())
                + (device.sharesHost() ? "" : " on " + device.name() + ", " + bytes(hostBytes()) + " of "
                        + availability(hostAvailableBytes) + " on the host");
    }

    /** The one-line reason a plan that does not fit is refused, ending with the {@code choices}. */
    public String refusal(List<String> choices) {
        return refusal(choices, "");
    }

    /**
     * As {@link #refusal(List)} for a plan made before some of its parts could be known, which
     * {@code uncounted} names (e.g. {@code graph and batches}): what it counts is a lower bound.
     */
    public String refusalAtLeast(List<String> choices, String uncounted) {
        return refusal(choices, uncounted);
    }

    private String refusal(List<String> choices, String uncounted) {
        boolean deviceShort = !fitsIn(deviceBytes(), device.freeBytes());
        long needed = deviceShort ? deviceBytes() : hostBytes();
        long available = deviceShort ? device.freeBytes() : hostAvailableBytes;
        String where = device.sharesHost() ? "" : deviceShort ? " on " + device.name() : " on the host";
        return "the run needs " + (uncounted.isEmpty() ? "" : "at least ") + bytes(needed) + where + " (" + parts()
                + (uncounted.isEmpty() ? "" : "; " + uncounted + " not yet counted") + ") but " + bytes(available)
                + " is available ("
                + (deviceShort ? device.freeSource() : "MemAvailable") + "); use " + orList(choices);
    }

    private String parts() {
        return String.join(", ", figures.stream().filter(f -> f.bytes() > 0).map(Figure::text).toList());
    }

    private static String availability(long free) {
        return free < 0 ? "unknown memory available" : bytes(free) + " available";
    }

    private static boolean fitsIn(long needed, long free) {
        return free < 0 || needed <= free;
    }

    private static String orList(List<String> choices) {
        if (choices.size() == 1) {
            return choices.get(0);
        }
        return String.join(", ", choices.subList(0, choices.size() - 1)) + " or " + choices.get(choices.size() - 1);
    }

    /** {@code bytes} in decimal units with three significant figures at most: 355 kB, 17.8 GB. */
    public static String bytes(long bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
        double value = bytes;
        int unit = 0;
        while (Math.abs(value) >= 999.5 && unit < units.length - 1) {
            value /= 1000;
            unit++;
        }
        String number = unit == 0 || value >= 99.5 ? String.format(Locale.ROOT, "%.0f", value)
                : String.format(Locale.ROOT, "%.1f", value);
        return number + " " + units[unit];
    }
}
