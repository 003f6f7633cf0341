package dev.lla.core.shard;

import dev.lla.core.LlaException;

/**
 * One part of a landscape grid's rows, so that a cluster's job array can split a grid across
 * machines: shard {@code index} of {@code count} (0-based, as Slurm's {@code SLURM_ARRAY_TASK_ID})
 * owns the rows {@code i} with {@code i mod count == index}. Interleaved rows give every shard a
 * share of the expensive edges of the grid, where exploding losses tend to sit.
 *
 * @param index this shard, {@code 0 ≤ index < count}
 * @param count number of shards, at least 1
 */
public record GridShard(int index, int count) implements PieceSelection {

    /** The whole grid. */
    public static final GridShard ALL = new GridShard(0, 1);

    public GridShard {
        if (count < 1) {
            throw LlaException.usage("--shard " + index + "/" + count + ": the number of shards must be at least 1");
        }
        if (index < 0 || index >= count) {
            throw LlaException.usage("--shard " + index + "/" + count + ": the index is 0-based and must be in 0.."
                    + (count - 1));
        }
    }

    /** The whole job for no {@code --shard}, else {@link #parse}. */
    public static GridShard parseOrWhole(String text) {
        return text == null ? ALL : parse(text);
    }

    /** Parses {@code i/n}, e.g. {@code 3/8}. */
    public static GridShard parse(String text) {
        String[] parts = text.trim().split("/", -1);
        if (parts.length == 2) {
            try {
                return new GridShard(Integer.parseInt(parts[0].trim()), Integer.parseInt(parts[1].trim()));
            } catch (NumberFormatException e) {
                // Falls through to the message below.
            }
        }
        throw LlaException.usage("--shard " + text + ": expected i/n with 0 <= i < n, e.g. 0/8");
    }

    /** Whether piece (or grid row) {@code row} belongs to this shard. */
    @Override
    public boolean owns(int row) {
        return row % count == index;
    }

    /** Whether this is the whole grid rather than a part. */
    @Override
    public boolean isWhole() {
        return count == 1;
    }

    /** {@code shard-i-of-n}, for file names. */
    public String label() {
        return "shard-" + index + "-of-" + count;
    }

    @Override
    public String toString() {
        return index + "/" + count;
    }
}
