package dev.lla.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --help} goes to stdout, exits 0 and documents the exit codes. */
class HelpTest {

    @Test
    void hesdHelpDocumentsExitCodes() {
        CliRun run = CliRun.of("hesd", "--help");
        assertEquals(0, run.exitCode(), run.transcript());
        assertEquals("", run.err());
        for (String documented :
                List.of("Exit codes:", "--model", "--data", "usage error", "numerical failure")) {
            assertTrue(run.out().contains(documented), "help lacks '" + documented + "'\n" + run.out());
        }
    }

    @Test
    void topLevelHelpListsEverySubcommand() {
        CliRun run = CliRun.of("--help");
        assertEquals(0, run.exitCode(), run.transcript());
        for (String command : List.of("hesd", "criteria", "landscape", "landscape-merge", "merge", "train",
                "generalize", "track", "connect", "bench", "convert", "help")) {
            assertTrue(run.out().contains("\n  " + command + " "), "help lacks " + command + "\n" + run.out());
        }
        CliRun helpHesd = CliRun.of("help", "hesd");
        assertEquals(0, helpHesd.exitCode(), helpHesd.transcript());
        assertTrue(helpHesd.out().contains("--nhes"), helpHesd.out());
    }

    @Test
    void aNamedSubcommandIsTheOnlyOneBuilt() {
        java.io.PrintWriter sink = new java.io.PrintWriter(java.io.Writer.nullWriter());
        assertEquals(List.of("hesd"),
                List.copyOf(LlaCommand.commandLine(sink, sink, new String[] {"hesd", "--help"}).getSubcommands().keySet()));
        assertEquals(12, LlaCommand.commandLine(sink, sink, new String[] {"hesdx"}).getSubcommands().size());
        assertEquals(12, LlaCommand.commandLine(sink, sink, new String[] {"help", "hesd"}).getSubcommands().size());
        CliRun unknown = CliRun.of("hesdx");
        assertEquals(ExitCodes.USAGE, unknown.exitCode(), unknown.transcript());
    }

    @Test
    void libtorchStartsEarlyOnlyForCommandsThatOpenAModel() {
        // hesd, criteria, generalize, track and landscape plan their basis from the archive first, and start the load themselves
        assertEquals(false, Main.loadsEngineWhileParsing("hesd", "--model", "m.pt", "--data", "d"));
        assertEquals(false, Main.loadsEngineWhileParsing("criteria", "--model", "m.pt"));
        assertEquals(false, Main.loadsEngineWhileParsing("generalize", "--models", "m.pt"));
        assertTrue(Main.loadsEngineWhileParsing("train", "--model", "m.pt"));
        assertTrue(Main.loadsEngineWhileParsing("connect", "--model", "m.pt"));
        assertEquals(false, Main.loadsEngineWhileParsing("landscape", "--model", "m.pt"));
        assertEquals(false, Main.loadsEngineWhileParsing("track", "--models", "a.pt,b.pt"));
        assertEquals(false, Main.loadsEngineWhileParsing("landscape", "merge", "a.json"));
        assertEquals(false, Main.loadsEngineWhileParsing("hesd", "--help"));
        assertEquals(false, Main.loadsEngineWhileParsing("--version"));
        assertEquals(false, Main.loadsEngineWhileParsing("merge", "x"));
        assertEquals(false, Main.loadsEngineWhileParsing("convert", "m.onnx", "m.pt"));
        assertEquals(false, Main.loadsEngineWhileParsing());
    }
}
