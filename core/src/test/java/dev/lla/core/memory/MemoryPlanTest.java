package dev.lla.core.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lla.core.memory.MemoryPlan.Figure;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemoryPlanTest {

    private static final List<Figure> FIGURES = List.of(new Figure("model", 1_000, "", false),
            new Figure("basis", 2_000_000, "2 × 1,000 floats", false), new Figure("eigenvectors", 500_000, "", true));

    @Test
    void bytesInDecimalUnitsWithThreeFiguresAtMost() {
        assertEquals("0 B", MemoryPlan.bytes(0));
        assertEquals("999 B", MemoryPlan.bytes(999));
        assertEquals("1.0 kB", MemoryPlan.bytes(1_000));
        assertEquals("356 kB", MemoryPlan.bytes(355_760));
        assertEquals("35.6 MB", MemoryPlan.bytes(35_576_000));
        assertEquals("17.8 GB", MemoryPlan.bytes(17_800_000_000L));
        assertEquals("1.0 MB", MemoryPlan.bytes(999_999));
    }

    @Test
    void onTheCpuHostAndDeviceShareOnePool() {
        MemoryPlan plan = new MemoryPlan(FIGURES, new DeviceMemory("cpu()", true, 4, 0, 2_501_000, "MemAvailable"),
                -1);
        assertEquals(2_501_000, plan.deviceBytes());
        assertEquals(0, plan.hostBytes());
        assertTrue(plan.fits());
        assertEquals("memory plan: 2.5 MB (model 1.0 kB, basis 2 × 1,000 floats = 2.0 MB, eigenvectors 500 kB) of"
                + " 2.5 MB available", plan.summary());
        MemoryPlan tight = new MemoryPlan(FIGURES, new DeviceMemory("cpu()", true, 4, 0, 2_500_999, "--memory"), -1);
        assertFalse(tight.fits());
        assertEquals("the run needs 2.5 MB (model 1.0 kB, basis 2 × 1,000 floats = 2.0 MB, eigenvectors 500 kB) but"
                + " 2.5 MB is available (--memory); use fewer --iterations or a smaller --batch-size",
                tight.refusal(List.of("fewer --iterations", "a smaller --batch-size")));
    }

    @Test
    void aGpuIsCheckedApartFromTheHost() {
        DeviceMemory gpu = new DeviceMemory("gpu(0)", false, 4, 0, 2_001_000, "CUDA free memory");
        assertTrue(new MemoryPlan(FIGURES, gpu, 500_000).fits());
        MemoryPlan hostShort = new MemoryPlan(FIGURES, gpu, 499_999);
        assertFalse(hostShort.fits());
        assertTrue(hostShort.refusal(List.of("x")).startsWith("the run needs 500 kB on the host"),
                hostShort.refusal(List.of("x")));
    }

    @Test
    void unknownFreeMemoryIsTakenToFit() {
        assertTrue(new MemoryPlan(FIGURES, new DeviceMemory("gpu(0)", false, 4, 0, -1, "CUDA free memory"), -1)
                .fits());
    }

    @Test
    void theUsersLimitOnlyLowersWhatIsFree() {
        DeviceMemory cpu = new DeviceMemory("cpu()", true, 4, 0, 1_000, "MemAvailable");
        assertEquals(cpu, cpu.atMost(-1));
        assertEquals(cpu, cpu.atMost(5_000));
        assertEquals(500, cpu.atMost(500).freeBytes());
        assertEquals("--memory", cpu.atMost(500).freeSource());
    }
}
