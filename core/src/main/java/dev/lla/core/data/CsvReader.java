package dev.lla.core.data;

import dev.lla.core.LlaException;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;

/**
 * Reads a labelled dataset from a CSV file, plain or gzip-compressed (recognised by the gzip magic):
 * one row per sample, comma-separated numbers, one of the columns the label.
 *
 * <ul>
 *   <li>The first row is a header if any of its cells is not a number.
 *   <li>The label column is named by its header name or by its 0-based index; by default a column
 *       named {@code label} (any case), else the last column. Labels must be non-negative whole
 *       numbers.
 *   <li>The other columns, in order, are the features. Values are taken as they are: integer
 *       pixels {@code 0..255} are <em>not</em> divided by 255 (unlike IDX and NPZ), so scale them
 *       in the file or with a normalization. Values must be finite and fit float32.
 *   <li>Samples are flat vectors {@code [D]} unless a sample shape ({@code [C, H, W]},
 *       {@code [H, W]} or {@code [D]}) with {@code D} values in all is given.
 *   <li>Blank lines are skipped; cells may be quoted ({@code "label"}) but not hold commas.
 * </ul>
 *
 * <p>Line numbers in messages count from 1, column indices from 0 (as {@code --label-column}).
 */
public final class CsvReader {

    private CsvReader() {}

    /**
     * @param labelColumn header name or 0-based index of the label column; {@code null} for the
     *     default
     * @param sampleShape the shape of one sample; {@code null} for flat vectors
     * @throws LlaException (input) naming the file and line for ragged rows, non-numeric or
     *     non-finite cells and invalid labels; (usage) if the label column does not exist or the
     *     shape does not hold the features
     */
    public static Dataset read(Path file, String labelColumn, List<Integer> sampleShape) {
        String source = file.toString();
        try (BufferedReader in = open(file)) {
            return read(in, file, source, labelColumn, sampleShape);
        } catch (IOException e) {
            throw ReadFailure.of(source, e);
        }
    }

    private static Dataset read(BufferedReader in, Path file, String source, String labelColumn,
            List<Integer> sampleShape) throws IOException {
        String line;
        int lineNumber = 0;
        // The first non-blank row: a header, or the first sample.
        String[] first = null;
        int firstLine = 0;
        while (first == null && (line = in.readLine()) != null) {
            lineNumber++;
            if (!line.isBlank()) {
                first = cells(line);
                firstLine = lineNumber;
            }
        }
        if (first == null) {
            throw LlaException.input(source + ": the file is empty; expected rows of"
                    + " comma-separated numbers, one sample per row");
        }
        boolean hasHeader = Arrays.stream(first).anyMatch(cell -> !isNumber(cell));
        String[] header = hasHeader ? first : null;
        int columns = first.length;
        if (columns < 2) {
            throw LlaException.input(source + ": line " + firstLine + " has " + columns
                    + " column; expected at least a feature and a label");
        }
        int label = labelIndex(source, header, columns, labelColumn);
        int features = columns - 1;
        int[] shape = shape(source, sampleShape, features, columns);

        FloatBuffer values = new FloatBuffer(source);
        List<Integer> labels = new ArrayList<>();
        String[] row = hasHeader ? null : first;
        int rowLine = firstLine;
        while (true) {
            if (row == null) {
                line = in.readLine();
                if (line == null) {
                    break;
                }
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                row = cells(line);
                rowLine = lineNumber;
            }
            if (row.length != columns) {
                throw LlaException.input(source + ": line " + rowLine + " has " + row.length
                        + " columns, expected " + columns + " as in line " + firstLine
                        + " (ragged rows)");
            }
            for (int c = 0; c < columns; c++) {
                double v = number(source, header, row[c], rowLine, c);
                if (c == label) {
                    labels.add(labelValue(source, header, v, rowLine, c));
                } else {
                    values.add((float) v, rowLine, c);
                }
            }
            row = null;
        }
        int[] y = labels.stream().mapToInt(Integer::intValue).toArray();
        String labelName = header != null ? "'" + header[label] + "'" : "column " + label;
        String description = y.length + " samples of " + Shapes.times(shape) + " from CSV "
                + file + " (label " + labelName + ")";
        return new Dataset(values.toArray(), shape, y, description, List.of(file));
    }

    /** Opens a file, inserting a gzip decoder when the content starts with the gzip magic. */
    private static BufferedReader open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            in.mark(2);
            int b0 = in.read();
            int b1 = in.read();
            in.reset();
            if (b0 == 0x1f && b1 == 0x8b) {
                in = new GZIPInputStream(in, 1 << 16);
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
        } catch (IOException e) {
            in.close();
            throw e;
        }
    }

    /** The cells of a line, trimmed and unquoted. */
    private static String[] cells(String line) {
        String[] cells = line.split(",", -1);
        for (int i = 0; i < cells.length; i++) {
            String cell = cells[i].strip();
            if (i == 0 && cell.startsWith("\uFEFF")) {
                cell = cell.substring(1); // byte-order mark of files saved by spreadsheets
            }
            if (cell.length() >= 2 && cell.startsWith("\"") && cell.endsWith("\"")) {
                cell = cell.substring(1, cell.length() - 1).strip();
            }
            cells[i] = cell;
        }
        return cells;
    }

    private static boolean isNumber(String cell) {
        try {
            Double.parseDouble(cell);
            return !cell.isEmpty();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** The index of the label column. */
    private static int labelIndex(String source, String[] header, int columns, String name) {
        if (name == null) {
            if (header != null) {
                for (int c = 0; c < columns; c++) {
                    if (header[c].toLowerCase(Locale.ROOT).equals("label")) {
                        return c;
                    }
                }
            }
            return columns - 1;
        }
        if (header != null) {
            for (int c = 0; c < columns; c++) {
                if (header[c].equals(name)) {
                    return c;
                }
            }
        }
        int index;
        try {
            index = Integer.parseInt(name);
        } catch (NumberFormatException e) {
            throw LlaException.usage(source + ": no label column named '" + name + "'; "
                    + (header == null ? "the file has no header row, so give a 0-based column"
                            + " index (0.." + (columns - 1) + ")"
                            : "the header has " + headerList(header)));
        }
        if (index < 0 || index >= columns) {
            throw LlaException.usage(source + ": label column index " + index + " is out of"
                    + " range; rows have " + columns + " columns (indices 0.." + (columns - 1)
                    + ")");
        }
        return index;
    }

    private static String headerList(String[] header) {
        int shown = Math.min(header.length, 8);
        String list = String.join(", ", Arrays.copyOf(header, shown));
        return list + (header.length > shown ? ", … (" + header.length + " columns)" : "");
    }

    /** The sample shape, checked to hold exactly the features of a row. */
    private static int[] shape(String source, List<Integer> sampleShape, int features,
            int columns) {
        if (sampleShape == null) {
            return new int[] {features};
        }
        int[] shape = sampleShape.stream().mapToInt(Integer::intValue).toArray();
        long size = Shapes.product(shape);
        if (size != features) {
            throw LlaException.usage(source + ": sample shape " + Shapes.times(shape) + " holds "
                    + size + " values, but each row has " + features + " features (" + columns
                    + " columns less the label)");
        }
        return shape;
    }

    private static double number(String source, String[] header, String cell, int line,
            int column) {
        double v;
        try {
            v = Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            cell = cell.isEmpty() ? "an empty cell"
                    : "'" + (cell.length() > 40 ? cell.substring(0, 40) + "…" : cell) + "'";
            throw LlaException.input(source + ": line " + line + ", " + where(header, column)
                    + ": " + cell + " is not a number");
        }
        if (!Double.isFinite(v) || Float.isInfinite((float) v)) {
            throw LlaException.input(source + ": line " + line + ", " + where(header, column)
                    + ": " + cell + " is not a finite float32 value; lla needs finite inputs");
        }
        return v;
    }

    private static int labelValue(String source, String[] header, double v, int line,
            int column) {
        if (v != Math.rint(v) || v < 0 || v > Integer.MAX_VALUE) {
            throw LlaException.input(source + ": line " + line + ", label " + where(header, column)
                    + ": " + v + " is not a class index; labels must be whole numbers 0, 1, 2, ...");
        }
        return (int) v;
    }

    private static String where(String[] header, int column) {
        return "column " + column + (header != null ? " ('" + header[column] + "')" : "");
    }

    /** A growing float array, bounded by what one Java array holds. */
    private static final class FloatBuffer {
        private final String source;
        private float[] data = new float[1024];
        private int size;

        FloatBuffer(String source) {
            this.source = source;
        }

        void add(float v, int line, int column) {
            if (size == data.length) {
                if (size == Shapes.MAX_ARRAY_LENGTH) {
                    throw LlaException.input(source + ": line " + line + ": more values than lla"
                            + " can hold in one array (2 GiB of floats)");
                }
                data = Arrays.copyOf(data, (int) Math.min(2L * size, Shapes.MAX_ARRAY_LENGTH));
            }
            data[size++] = v;
        }

        float[] toArray() {
            return Arrays.copyOf(data, size);
        }
    }
}
