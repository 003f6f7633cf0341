package dev.lla.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The arguments a shard records for {@code lla merge}, which reruns the job with them: the
 * command's own options without {@code --shard}, {@code --out} and {@code --resume} (in either
 * spelling), which the merge sets itself. The fingerprint of the job stays the same.
 */
final class ShardArguments {

    private ShardArguments() {}

    /** The arguments {@code spec}'s command was given, as {@link #withoutShardOptions} keeps them. */
    static List<String> of(CommandSpec spec) {
        return withoutShardOptions(spec.name(), spec.commandLine().getParseResult().originalArgs());
    }

    /** {@code args} without the shard options and without the leading {@code command} that picocli keeps. */
    static List<String> withoutShardOptions(String command, List<String> args) {
        List<String> kept = new ArrayList<>();
        int start = !args.isEmpty() && args.get(0).equals(command) ? 1 : 0;
        for (int i = start; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--shard") || a.equals("--out")) {
                i++;
            } else if (!a.startsWith("--shard=") && !a.startsWith("--out=") && !a.equals("--resume")) {
                kept.add(a);
            }
        }
        return kept;
    }
}
