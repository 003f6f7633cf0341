package dev.lla.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/** Says in words why two documents' fingerprints differ: an option, or an input file's checksum. */
final class Fingerprints {

    private Fingerprints() {}

    static String difference(JsonNode a, JsonNode b) {
        String option = firstDifference(a.path("config"), b.path("config"));
        if (option != null) {
            return "option " + option + " is " + a.path("config").path(option) + " in one and "
                    + b.path("config").path(option) + " in the other";
        }
        JsonNode inputsA = a.path("provenance");
        JsonNode inputsB = b.path("provenance");
        for (String field : new String[] {"model", "data", "seed"}) {
            if (!inputsA.path(field).equals(inputsB.path(field))) {
                return "input " + field + " differs (" + inputsA.path(field) + " against " + inputsB.path(field) + ")";
            }
        }
        return "their inputs or batches differ (same options)";
    }

    /** The first config key whose value differs, or null. */
    private static String firstDifference(JsonNode a, JsonNode b) {
        for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().equals(b.path(e.getKey()))) {
                return e.getKey();
            }
        }
        for (Iterator<String> it = b.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!a.has(key)) {
                return key;
            }
        }
        return null;
    }
}
