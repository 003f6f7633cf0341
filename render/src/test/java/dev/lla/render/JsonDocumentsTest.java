package dev.lla.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Non-finite numbers become JSON {@code null} wherever they sit, so that strict parsers (Python's
 * {@code json} with {@code allow_nan=False}, JavaScript's {@code JSON.parse}) read every document.
 */
class JsonDocumentsTest {

    /** A result record with every way a double reaches the writer. */
    record Numbers(double primitive, Double boxed, double[] array, List<Double> list, Inner inner) {}

    record Inner(double value, double[] values) {}

    /** A strict parser: Jackson's default rejects NaN and Infinity tokens. */
    private static JsonNode parseStrictly(String json) throws Exception {
        return new ObjectMapper().readTree(json);
    }

    @Test
    void nonFiniteValuesBecomeNull() throws Exception {
        Numbers numbers = new Numbers(Double.NaN, Double.POSITIVE_INFINITY,
                new double[] {1.5, Double.NaN, Double.NEGATIVE_INFINITY},
                Arrays.asList(Double.NEGATIVE_INFINITY, 2.0),
                new Inner(Double.POSITIVE_INFINITY, new double[] {Double.NaN}));
        String json = JsonDocuments.toJson(numbers);

        assertFalse(json.contains("NaN") || json.contains("Infinity"), json);
        JsonNode node = parseStrictly(json);
        assertTrue(node.path("primitive").isNull(), json);
        assertTrue(node.path("boxed").isNull(), json);
        assertEquals(1.5, node.path("array").get(0).asDouble());
        assertTrue(node.path("array").get(1).isNull(), json);
        assertTrue(node.path("array").get(2).isNull(), json);
        assertTrue(node.path("list").get(0).isNull(), json);
        assertEquals(2.0, node.path("list").get(1).asDouble());
        assertTrue(node.path("inner").path("value").isNull(), json);
        assertTrue(node.path("inner").path("values").get(0).isNull(), json);
    }

    @Test
    void nonFiniteMapValuesAndFloatsBecomeNull() throws Exception {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("nan", Double.NaN);
        map.put("floatInfinity", Float.NEGATIVE_INFINITY);
        map.put("finite", 0.25);
        JsonNode node = parseStrictly(JsonDocuments.toJson(map));
        assertTrue(node.path("nan").isNull(), node.toString());
        assertTrue(node.path("floatInfinity").isNull(), node.toString());
        assertEquals(0.25, node.path("finite").asDouble());
    }

    @Test
    void finiteValuesRoundTripExactly() throws Exception {
        double[] values = {Double.MIN_VALUE, -Double.MAX_VALUE, 0.1, -0.0, 1e-300, Math.PI};
        Numbers numbers =
                new Numbers(Math.E, 1.0 / 3, values, List.of(Math.sqrt(2)), new Inner(-7.25, values));
        JsonNode node = parseStrictly(JsonDocuments.toJson(numbers));
        assertEquals(Math.E, node.path("primitive").asDouble());
        assertEquals(1.0 / 3, node.path("boxed").asDouble());
        for (int i = 0; i < values.length; i++) {
            assertEquals(values[i], node.path("array").get(i).asDouble(), "array[" + i + "]");
            assertEquals(values[i], node.path("inner").path("values").get(i).asDouble(), "values[" + i + "]");
        }
        assertEquals(Math.sqrt(2), node.path("list").get(0).asDouble());
    }

    @Test
    void documentEndsWithOneNewline() {
        String json = JsonDocuments.toJson(Map.of("a", 1));
        assertTrue(json.endsWith("}\n") && !json.endsWith("\n\n"), json);
    }
}
