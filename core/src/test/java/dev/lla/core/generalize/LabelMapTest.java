package dev.lla.core.generalize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lla.core.LlaException;
import dev.lla.core.data.Dataset;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Label maps: syntax, numbers and names, a class left out, and the class-count check. */
class LabelMapTest {

    private static Dataset labelled(int... labels) {
        return new Dataset(new float[labels.length], new int[] {1}, labels, "b", List.of(Path.of("b.npz")));
    }

    @Test
    void mapsNumbersAndNames() {
        Dataset target = labelled(2, 0, 1, 2).withClassNames(List.of("cat", "dog", "frog"));
        Dataset mapped = LabelMap.parse("--target-label-map", "cat=3, dog=5,2=0")
                .apply("b", target, 6, List.of());
        assertArrayEquals(new int[] {0, 3, 5, 0}, mapped.labels());
        Dataset named = LabelMap.parse("--target-label-map", "0=x,1=y,2=x").apply("b", labelled(0, 1, 2), 2,
                List.of("x", "y"));
        assertArrayEquals(new int[] {0, 1, 0}, named.labels());
        assertEquals(List.of("x", "y"), named.classNames());
    }

    @Test
    void aClassPresentButUnmappedIsNamed() {
        LabelMap map = LabelMap.parse("--target-label-map", "0=0,1=1");
        LlaException e = assertThrows(LlaException.class, () -> map.apply("svhn", labelled(0, 1, 7, 1), 10, List.of()));
        assertEquals(LlaException.Kind.INPUT, e.kind());
        assertTrue(e.getMessage().contains("no entry for class 7"), e.getMessage());
        assertTrue(e.getMessage().startsWith("target svhn"), e.getMessage());
    }

    @Test
    void aTargetClassOutsideTheTrainingClassesIsRefused() {
        LabelMap map = LabelMap.parse("--target-label-map", "0=10");
        LlaException e = assertThrows(LlaException.class, () -> map.apply("b", labelled(0), 10, List.of()));
        assertTrue(e.getMessage().contains("classes 0..9"), e.getMessage());
        LlaException name = assertThrows(LlaException.class,
                () -> LabelMap.parse("m", "0=horse").apply("b", labelled(0), 10, List.of("a", "b")));
        assertTrue(name.getMessage().contains("'horse'"), name.getMessage());
    }

    @Test
    void malformedMapsAreUsageErrors() {
        for (String text : List.of("", "0=1,", "0", "0=1=2", "=3", "1=1,1=2")) {
            LlaException e = assertThrows(LlaException.class, () -> LabelMap.parse("--target-label-map", text), text);
            assertEquals(LlaException.Kind.USAGE, e.kind(), text);
        }
    }

    @Test
    void classCountsAndShapesMustMatchWithoutAMap() {
        Dataset a = labelled(0, 1, 2, 3);
        LlaException e = assertThrows(LlaException.class,
                () -> DatasetCompatibility.checkClasses("a", a, "b", labelled(0, 1, 2)));
        assertTrue(e.getMessage().contains("target b has 3 classes but dataset A (a) has 4"), e.getMessage());
        assertTrue(e.getMessage().contains("--target-label-map"), e.getMessage());
        DatasetCompatibility.checkClasses("a", a, "b", labelled(3, 2, 1, 0, 0));
        Dataset image = new Dataset(new float[2 * 64], new int[] {1, 8, 8}, new int[] {0, 1}, "img", List.of());
        LlaException shape = assertThrows(LlaException.class, () -> DatasetCompatibility.checkShape("a",
                new Dataset(new float[2 * 784], new int[] {1, 28, 28}, new int[] {0, 1}, "a", List.of()), "b", image));
        assertTrue(shape.getMessage().contains("1×8×8") && shape.getMessage().contains("1×28×28"), shape.getMessage());
    }
}
