package dev.lla.core.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class AvailableMemoryTest {

    @Test
    void memAvailableIsReadInKib() {
        assertEquals(2048L * 1024, AvailableMemory.meminfoAvailable(
                List.of("MemTotal:       32000000 kB", "MemFree:  100 kB", "MemAvailable:       2048 kB")));
        assertEquals(-1, AvailableMemory.meminfoAvailable(List.of("MemTotal: 1 kB")));
    }

    @Test
    void cgroupRoomIsTheLimitLessWhatIsUsed() {
        assertEquals(600, AvailableMemory.cgroupRoom(List.of("1000"), List.of("400")));
        assertEquals(0, AvailableMemory.cgroupRoom(List.of("1000"), List.of("4000")));
        assertEquals(-1, AvailableMemory.cgroupRoom(List.of("max"), List.of("400")));
        assertEquals(-1, AvailableMemory.cgroupRoom(List.of(), List.of()));
    }

    @Test
    void thisMachineSaysSomething() {
        AvailableMemory.Reading reading = AvailableMemory.host();
        assertTrue(reading.bytes() > 0, reading.toString());
    }
}
