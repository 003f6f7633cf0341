package dev.lla.core.generalize;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lla.core.LlaException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the checkpoints of a series directory, in epoch order. */
class CheckpointSeriesTest {

    @TempDir Path dir;

    private Path touch(String name) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        return Files.write(file, new byte[] {1});
    }

    @Test
    void checkpointsSortedByEpochNumberNotByName() throws IOException {
        touch("checkpoints/epoch-0010.pt");
        touch("checkpoints/epoch-0002.pt");
        touch("checkpoints/epoch-0002.adam.npz");
        touch("checkpoints/epoch-100.pt");
        touch("stray.pt"); // ignored: checkpoints/ wins
        List<Checkpoint> series = CheckpointSeries.ofDirectory(dir, null);
        assertEquals(List.of(2, 10, 100), series.stream().map(Checkpoint::epoch).toList());
        assertEquals(List.of(0, 1, 2), series.stream().map(Checkpoint::index).toList());
    }

    @Test
    void trainJsonListingWins() throws IOException {
        touch("checkpoints/epoch-0000.pt");
        touch("checkpoints/epoch-0005.pt");
        List<Checkpoint> series = CheckpointSeries.ofDirectory(dir,
                List.of(new CheckpointSeries.Listed(5, "checkpoints/epoch-0005.pt")));
        assertEquals(1, series.size());
        assertEquals(5, series.get(0).epoch());
        LlaException missing = assertThrows(LlaException.class, () -> CheckpointSeries.ofDirectory(dir,
                List.of(new CheckpointSeries.Listed(9, "checkpoints/epoch-0009.pt"))));
        assertTrue(missing.getMessage().contains("epoch-0009.pt: no such checkpoint listed in train.json"));
    }

    @Test
    void plainModelFilesWithoutEpochsKeepNameOrder() throws IOException {
        touch("b.pt");
        touch("a.pt");
        List<Checkpoint> series = CheckpointSeries.ofDirectory(dir, null);
        assertEquals("a.pt", series.get(0).model().getFileName().toString());
        assertNull(series.get(0).epoch());
    }

    @Test
    void anEmptyDirectoryIsAnInputError() throws IOException {
        Files.createDirectories(dir.resolve("checkpoints"));
        LlaException e = assertThrows(LlaException.class, () -> CheckpointSeries.ofDirectory(dir, null));
        assertEquals(LlaException.Kind.INPUT, e.kind());
        assertTrue(e.getMessage().contains("no checkpoints"), e.getMessage());
    }
}
