package dev.lla.render;

import java.util.ArrayList;
import java.util.List;

/** A Markdown table whose columns are padded to a common width, so that it reads as text too. */
final class MarkdownTable {

    private MarkdownTable() {}

    /**
     * The header, a rule of dashes and the rows, one line each; every column is as wide as its
     * widest cell and at least {@code minWidth}.
     */
    static String of(List<String> header, List<List<String>> rows, int minWidth) {
        int[] width = new int[header.size()];
        for (int c = 0; c < width.length; c++) {
            width[c] = Math.max(minWidth, header.get(c).length());
            for (List<String> row : rows) {
                width[c] = Math.max(width[c], row.get(c).length());
            }
        }
        StringBuilder text = new StringBuilder();
        line(text, header, width);
        List<String> rule = new ArrayList<>();
        for (int w : width) {
            rule.add("-".repeat(w));
        }
        line(text, rule, width);
        for (List<String> row : rows) {
            line(text, row, width);
        }
        return text.toString();
    }

    private static void line(StringBuilder text, List<String> cells, int[] width) {
        text.append('|');
        for (int c = 0; c < cells.size(); c++) {
            text.append(' ').append(cells.get(c)).append(" ".repeat(width[c] - cells.get(c).length())).append(" |");
        }
        text.append('\n');
    }
}
