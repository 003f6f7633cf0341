package dev.lla.cli;

import static dev.lla.cli.CliAssertions.INPUT_ERROR;
import static dev.lla.cli.CliAssertions.assertCleanFailure;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.lla.core.data.fixtures.DataFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** When the results cannot all be written, none are: a run leaves both files or neither. */
class OutputErrorsTest {

    @TempDir Path temp;

    @Test
    void outIsAFile() {
        Path out = DataFiles.write(temp.resolve("out"), new byte[] {1});
        CliRun run = HesdArgs.tiny(out).run();
        assertCleanFailure(run, INPUT_ERROR, null, "cannot write", "hesd.json");
        assertEquals(1, DataFiles.read(out).length);
    }

    /** hesd.json could be written but hesd.png cannot replace a directory: no hesd.json either. */
    @Test
    void oneUnwritableFileLeavesNeither() throws IOException {
        Path out = temp.resolve("out");
        Files.createDirectories(out.resolve("hesd.png/inside"));
        CliRun run = HesdArgs.tiny(out).run();
        assertCleanFailure(run, INPUT_ERROR, null, "cannot write", "hesd.png");
        try (Stream<Path> files = Files.list(out)) {
            assertEquals(List.of("hesd.png"), files.map(p -> p.getFileName().toString()).toList());
        }
    }
}
