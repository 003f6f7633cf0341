package dev.lla.core.generalize;

import dev.lla.core.LlaException;
import dev.lla.core.data.Dataset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Maps a target dataset's classes onto the training dataset's: {@code 'b=a,b=a,...'}, each side
 * a label number or, where the dataset names its classes, a class name. Every class present in the
 * target must be mapped; several target classes may map to one training class.
 */
public final class LabelMap {

    private final String text;
    private final Map<String, String> entries;

    private LabelMap(String text, Map<String, String> entries) {
        this.text = text;
        this.entries = entries;
    }

    /**
     * Reads {@code 'b=a,...'}.
     *
     * @throws LlaException (usage) for an empty map, an entry without one {@code =}, an empty side
     *     or a target class given twice
     */
    public static LabelMap parse(String option, String text) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (String entry : text.split(",", -1)) {
            String[] sides = entry.split("=", -1);
            if (sides.length != 2 || sides[0].isBlank() || sides[1].isBlank()) {
                throw LlaException.usage(option + " " + text + ": expected b=a pairs separated by commas,"
                        + " e.g. 0=0,1=1 or cat=3; got '" + entry.strip() + "'");
            }
            String from = sides[0].strip();
            if (entries.put(from, sides[1].strip()) != null) {
                throw LlaException.usage(option + " " + text + ": class " + from + " is mapped twice");
            }
        }
        return new LabelMap(text, Map.copyOf(entries));
    }

    /** The map as given. */
    @Override
    public String toString() {
        return text;
    }

    /**
     * {@code target} with every label replaced by its training-set label and the training set's
     * class names.
     *
     * @param targetName the target's name for messages
     * @param trainingClasses the training set's class count
     * @param trainingNames the training set's class names, empty when it has none
     * @throws LlaException (input) if a class present in the target has no entry, or an entry
     *     names a class that does not exist on either side
     */
    public Dataset apply(String targetName, Dataset target, int trainingClasses, List<String> trainingNames) {
        Map<Integer, Integer> mapping = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : entries.entrySet()) {
            int from = label(e.getKey(), target.classNames(), Integer.MAX_VALUE, targetName, "target");
            int to = label(e.getValue(), trainingNames, trainingClasses, targetName, "training");
            mapping.put(from, to);
        }
        int[] labels = target.labels();
        TreeSet<Integer> missing = new TreeSet<>();
        for (int i = 0; i < labels.length; i++) {
            Integer to = mapping.get(labels[i]);
            if (to == null) {
                missing.add(labels[i]);
            } else {
                labels[i] = to;
            }
        }
        if (!missing.isEmpty()) {
            int first = missing.first();
            String name = first < target.classNames().size() ? " (" + target.classNames().get(first) + ")" : "";
            throw LlaException.input("target " + targetName + ": the label map " + text + " has no entry for class "
                    + first + name + ", which the target holds" + (missing.size() > 1
                            ? " (nor for " + missing.tailSet(first, false) + ")" : "")
                    + "; add " + first + "=<training class>");
        }
        return target.relabeled(labels, trainingNames);
    }

    /** A label number, or the index of a class name, checked against {@code classes}. */
    private static int label(String text, List<String> names, int classes, String targetName, String side) {
        int index = names.indexOf(text);
        if (index >= 0) {
            return index;
        }
        int label;
        try {
            label = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw LlaException.input("target " + targetName + ": the label map names " + side + " class '" + text
                    + "', which is neither a label number nor one of the " + side + " set's class names"
                    + (names.isEmpty() ? " (it names none)" : " " + names));
        }
        if (label < 0 || label >= classes) {
            throw LlaException.input("target " + targetName + ": the label map maps to " + side + " class " + label
                    + ", but the " + side + " set has classes 0.." + (classes - 1));
        }
        return label;
    }
}
