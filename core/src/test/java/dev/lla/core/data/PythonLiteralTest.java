package dev.lla.core.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PythonLiteralTest {

    @Test
    void parsesWhatNumpyWrites() {
        Object v = PythonLiteral.parse(
                "{'descr': '<f4', 'fortran_order': False, 'shape': (60000, 28, 28), }   \n");
        assertEquals(Map.of("descr", "<f4", "fortran_order", false,
                "shape", List.of(60000L, 28L, 28L)), v);
    }

    @Test
    void parsesEdgeCases() {
        assertEquals(List.of(), PythonLiteral.parse("()"));
        assertEquals(List.of(3L), PythonLiteral.parse("(3,)"));
        assertEquals(Arrays.asList(null, true, -2L, "a'b"),
                PythonLiteral.parse("[None, True, -2, 'a\\'b']"));
        assertEquals(Map.of(), PythonLiteral.parse("{}"));
    }

    @Test
    void reportsWhereItFailed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> PythonLiteral.parse("{'a': 1 'b': 2}"));
        assertEquals("expected ',' or '}' at character 8", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> PythonLiteral.parse("{'a': 1} x"));
        assertThrows(IllegalArgumentException.class, () -> PythonLiteral.parse("{1: 2}"));
        assertThrows(IllegalArgumentException.class, () -> PythonLiteral.parse(""));
        assertThrows(IllegalArgumentException.class, () -> PythonLiteral.parse("(1, 2"));
        assertThrows(IllegalArgumentException.class, () -> PythonLiteral.parse("-"));
    }
}
