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
        assertCleanFailure(run, INPUT_ERROR, null, "--out", "is a file");
        assertEquals(1, DataFiles.read(out).length);
    }

    /**
     * hesd.json could be written but hesd.png cannot replace a directory: no hesd.json either. The
     * journal of finished pieces stays, complete, so that the run resumes once the way is clear.
     */
    @Test
    void oneUnwritableFileLeavesNeitherButAResumableJournal() throws IOException {
        Path out = temp.resolve("out");
        Files.createDirectories(out.resolve("hesd.png/inside"));
        CliRun run = HesdArgs.tiny(out).run();
        assertCleanFailure(run, INPUT_ERROR, null, "cannot write", "hesd.png");
        assertEquals(List.of("hesd.partial.json", "hesd.png"), names(out));

        Files.delete(out.resolve("hesd.png/inside"));
        Files.delete(out.resolve("hesd.png"));
        CliRun resumed = HesdArgs.tiny(out).flag("--resume").flag("--json").run();
        assertEquals(0, resumed.exitCode(), resumed.err());
        assertEquals(List.of("hesd.json", "hesd.png"), names(out));
        CliRun fresh = HesdArgs.tiny(temp.resolve("fresh")).flag("--json").run();
        assertEquals(HesdDeterminismTest.numbers(fresh.out()), HesdDeterminismTest.numbers(resumed.out()));
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
