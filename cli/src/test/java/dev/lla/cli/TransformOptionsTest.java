package dev.lla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input transforms from the command line: 28×28 MNIST resized into the 8×8 MLP. */
class TransformOptionsTest {

    @TempDir Path temp;

    @Test
    void mnistResizedIntoTheEightByEightModel() throws Exception {
        CliRun run = mnist("ok").with("--resize", "8x8").with("--normalize", "0.1307,0.3081")
                .flag("--sequential").flag("--json").flag("--quiet").run();
        assertEquals(0, run.exitCode(), run.transcript());
        JsonNode config = new ObjectMapper().readTree(run.out()).path("config");
        String transforms = config.path("transforms").asText();
        assertTrue(transforms.startsWith("resize 8x8 (bilinear"), config.toString());
        assertTrue(transforms.endsWith("→ normalize 0.1307,0.3081"), config.toString());
    }

    @Test
    void invalidTransformsAreOneLineUsageErrors() {
        assertUsage(mnist("a").with("--resize", "0x5"), "--resize 0x5");
        assertUsage(mnist("b").with("--resize", "8by8"), "--resize 8by8");
        assertUsage(mnist("c").with("--center-crop", "30"), "center-crop 30x30", "28x28");
        assertUsage(mnist("d").with("--pad", "1,2,3"), "--pad 1,2,3");
        assertUsage(mnist("e").with("--scale", "1,-1"), "--scale 1,-1");
        assertUsage(mnist("f").with("--normalize", "0.5,0.5,0.5/0.2,0.2"), "--normalize", "3 means");
        assertUsage(mnist("g").with("--resize", "8").with("--normalize", "0.5,0.5,0.5/1,1,1"),
                "3 channels", "1×8×8");
        assertUsage(mnist("h").with("--resize", "8").with("--grayscale", "x"), "x");
    }

    private HesdArgs mnist(String name) {
        return HesdArgs.tiny(temp.resolve(name)).with("--data", TestData.mnist())
                .with("--split", "test");
    }

    private static void assertUsage(HesdArgs args, String... fragments) {
        CliRun run = args.run();
        assertEquals(2, run.exitCode(), run.transcript());
        for (String fragment : fragments) {
            assertTrue(run.err().contains(fragment), fragment + " in " + run.transcript());
        }
    }
}
