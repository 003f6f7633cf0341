package dev.lla.core.landscape;

import dev.lla.core.shard.GridShard;
import dev.lla.core.LlaException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Joins the shards of one landscape grid ({@link GridShard}) into the grid an unsharded run
 * computes: every row comes from the shard that owns it, bit for bit, and the explosion statistics
 * are taken over the whole grid. The shards must come from the same inputs and options (equal
 * fingerprints), along the same directions (equal {@link DirectionDigest}s), agree on the origin's
 * loss, and cover the shards {@code 0..n-1} exactly once.
 */
public final class ShardedGrid {

    /**
     * One computed shard.
     *
     * @param name where it came from, for error messages (a file name)
     * @param shard which part of the grid it computed
     * @param fingerprint identifies its inputs and options
     * @param directionDigest identifies its directions
     * @param result its grid: the owned rows computed, the others NaN
     */
    public record Part(String name, GridShard shard, String fingerprint, String directionDigest,
            LandscapeResult result) {}

    private ShardedGrid() {}

    /**
     * The whole grid from {@code parts}, with explosion over {@code explosionFactor} × the origin's loss.
     *
     * @throws LlaException (input) naming the offending part if the parts do not form one grid
     */
    public static LandscapeResult merge(List<Part> parts, double explosionFactor) {
        if (parts.isEmpty()) {
            throw LlaException.input("no shards to merge");
        }
        Part first = parts.get(0);
        int count = first.shard().count();
        Part[] owners = new Part[count];
        for (Part part : parts) {
            checkSameGrid(first, part);
            int index = part.shard().index();
            if (owners[index] != null) {
                throw LlaException.input(part.name() + " is shard " + part.shard() + " again (also "
                        + owners[index].name() + "); give each shard once");
            }
            owners[index] = part;
        }
        for (int index = 0; index < count; index++) {
            if (owners[index] == null) {
                throw LlaException.input("shard " + index + "/" + count + " is missing; all " + count
                        + " shards are needed (got " + parts.size() + ")");
            }
        }
        LandscapeResult r = first.result();
        double[][] loss = new double[r.x().length][];
        double[][] accuracy = new double[r.x().length][];
        for (int i = 0; i < loss.length; i++) {
            LandscapeResult owner = owners[i % count].result();
            loss[i] = owner.loss()[i].clone();
            accuracy[i] = owner.accuracy()[i].clone();
        }
        return new LandscapeResult(r.dims(), r.x(), r.y(), loss, accuracy, r.originLoss(), r.originAccuracy(),
                Explosion.of(loss, r.originLoss(), explosionFactor), r.norm1(), r.norm2(), r.cosine(), r.samples());
    }

    private static void checkSameGrid(Part first, Part part) {
        if (!Objects.equals(first.fingerprint(), part.fingerprint())) {
            throw LlaException.input(part.name() + " comes from other inputs or options than " + first.name()
                    + " (fingerprints differ)");
        }
        if (part.shard().count() != first.shard().count()) {
            throw LlaException.input(part.name() + " is shard " + part.shard() + " but " + first.name()
                    + " is shard " + first.shard() + ": shards of different splits");
        }
        if (!Objects.equals(first.directionDigest(), part.directionDigest())) {
            throw LlaException.input(part.name() + " was computed along other directions than " + first.name()
                    + " (direction digests differ; run every shard on the same kind of machine and build)");
        }
        LandscapeResult a = first.result();
        LandscapeResult b = part.result();
        if (!Arrays.equals(a.x(), b.x()) || !Arrays.equals(a.y(), b.y())) {
            throw LlaException.input(part.name() + " has other grid coordinates than " + first.name());
        }
        if (Double.compare(a.originLoss(), b.originLoss()) != 0) {
            throw LlaException.input(part.name() + "'s origin loss " + b.originLoss() + " differs from "
                    + first.name() + "'s " + a.originLoss() + " (other weights, data or machine)");
        }
    }
}
