package dev.lla.core.shard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lla.core.LlaException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GridShardTest {

    @Test
    void shardsOwnInterleavedRowsThatCoverTheGridOnce() {
        int[] owners = new int[41];
        for (int index = 0; index < 8; index++) {
            GridShard shard = GridShard.parse(index + "/8");
            for (int row = 0; row < owners.length; row++) {
                owners[row] += shard.owns(row) ? 1 : 0;
            }
        }
        for (int count : owners) {
            assertEquals(1, count);
        }
        assertTrue(GridShard.parse("3/8").owns(11));
        assertEquals("shard-3-of-8", GridShard.parse(" 3/8 ").label());
        assertTrue(GridShard.ALL.isWhole());
    }

    @Test
    void badShardsAreUsageErrors() {
        List<String> messages = new ArrayList<>();
        for (String text : new String[] {"8/8", "-1/8", "0/0", "1", "a/b", "1/2/3", ""}) {
            LlaException e = assertThrows(LlaException.class, () -> GridShard.parse(text), text);
            assertEquals(LlaException.Kind.USAGE, e.kind(), text);
            assertTrue(e.getMessage().startsWith("--shard"), e.getMessage());
            messages.add(e.getMessage());
        }
        assertTrue(messages.get(0).contains("0..7"), messages.get(0));
    }
}
