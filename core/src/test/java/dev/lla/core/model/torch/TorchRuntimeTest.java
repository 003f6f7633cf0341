package dev.lla.core.model.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The one line of a libtorch error that the user sees. */
class TorchRuntimeTest {

    /** libtorch 2.7.1's message for MNIST images fed to the 8×8 MLP, shortened in the middle. */
    private static final String INTERPRETER_ERROR = """
            The following operation failed in the TorchScript interpreter.
            Traceback of TorchScript, serialized code (most recent call last):
              File "code/__torch__.py", line 12, in forward
                x1 = __torch__.torch.nn.functional.relu((fc1).forward(x0, ), False, )
                                                         ~~~~~~~~~~~~ <--- HERE
            Traceback of TorchScript, original code (most recent call last):
              File "/usr/lib/python3/dist-packages/torch/nn/modules/linear.py", line 114, in forward
                    return F.linear(input, self.weight, self.bias)
                           ~~~~~~~~ <--- HERE
            RuntimeError: mat1 and mat2 shapes cannot be multiplied (2x784 and 64x32)

            """;

    @Test
    void kernelSettingsAreOneDnnsIsaVariablesOnly() {
        assertEquals(java.util.Map.of("ONEDNN_MAX_CPU_ISA", "AVX"), TorchRuntime.kernelSettings(
                java.util.Map.of("ONEDNN_MAX_CPU_ISA", "AVX", "OMP_NUM_THREADS", "2", "PATH", "/bin")));
        assertEquals(java.util.List.of("DNNL_MAX_CPU_ISA", "ONEDNN_MAX_CPU_ISA"), java.util.List.copyOf(
                TorchRuntime.kernelSettings(java.util.Map.of("ONEDNN_MAX_CPU_ISA", "AVX2", "DNNL_MAX_CPU_ISA", "SSE41"))
                        .keySet()));
        assertTrue(TorchRuntime.kernelSettings(java.util.Map.of()).isEmpty());
    }

    @Test
    void interpreterErrorGivesItsLastLine() {
        assertEquals("mat1 and mat2 shapes cannot be multiplied (2x784 and 64x32)",
                TorchRuntime.cause(INTERPRETER_ERROR));
    }

    @Test
    void compilerErrorGivesItsFirstLine() {
        String message = "expected ) but found 'ident' here:\n"
                + "Serialized   File \"code/__torch__.py\", line 1\n"
                + "def forward(self x):\n                 ~ <--- HERE\n";
        assertEquals("expected ) but found 'ident' here:", TorchRuntime.cause(message));
    }

    @Test
    void c10ErrorIgnoresItsStackFrames() {
        String message = "PytorchStreamReader failed reading zip archive: failed finding central directory\n"
                + "Exception raised from valid at ../caffe2/serialize/inline_container.cc:236"
                + " (most recent call first):\n"
                + "frame #0: c10::Error::Error(c10::SourceLocation, std::string) + 0x96\n";
        assertEquals("PytorchStreamReader failed reading zip archive: failed finding central directory",
                TorchRuntime.cause(message));
    }

    @Test
    void missingMessage() {
        assertEquals("no message", TorchRuntime.cause(null));
        assertEquals("no message", TorchRuntime.cause("  \n"));
    }

    @Test
    void longLineIsClipped() {
        String cause = TorchRuntime.cause("RuntimeError: " + "x".repeat(1000));
        assertEquals(301, cause.length());
    }

    /** What is certain without the engine must be what the engine then picks. */
    @Test
    void cpuWithoutTheEngineOnlyWhenTheEngineAgrees() {
        assertTrue(TorchRuntime.isCpuWithoutEngine("cpu"));
        assertTrue(TorchRuntime.isCpuWithoutEngine(" CPU "));
        assertFalse(TorchRuntime.isCpuWithoutEngine("cuda"));
        assertFalse(TorchRuntime.isCpuWithoutEngine("cuda:0"));
        assertFalse(TorchRuntime.isCpuWithoutEngine("gpu"));
        if (TorchRuntime.isCpuWithoutEngine("auto")) {
            assertFalse(TorchRuntime.device("auto").isGpu());
        }
        assertEquals(TorchRuntime.isCpuWithoutEngine("auto"), TorchRuntime.isCpuWithoutEngine(null));
    }
}
