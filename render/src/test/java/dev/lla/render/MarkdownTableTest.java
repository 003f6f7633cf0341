package dev.lla.render;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Columns take the width of their widest cell, never less than the minimum asked for. */
class MarkdownTableTest {

    @Test
    void columnsArePaddedToTheirWidestCell() {
        String table = MarkdownTable.of(List.of("a", "value"), List.of(List.of("long", "1"), List.of("x", "22")), 0);
        assertEquals("""
                | a    | value |
                | ---- | ----- |
                | long | 1     |
                | x    | 22    |
                """, table);
    }

    @Test
    void narrowColumnsTakeTheMinimumWidth() {
        assertEquals("| k   |\n| --- |\n| 1   |\n", MarkdownTable.of(List.of("k"), List.of(List.of("1")), 3));
    }
}
