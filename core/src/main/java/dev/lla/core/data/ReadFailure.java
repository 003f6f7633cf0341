package dev.lla.core.data;

import dev.lla.core.LlaException;
import java.io.EOFException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.zip.ZipException;

/**
 * Turns an {@link IOException} met while reading a data file into the one-line input error the
 * user sees: the JDK's messages are terse, sometimes multi-line, and rarely name the file.
 */
final class ReadFailure {

    private ReadFailure() {}

    static LlaException of(String source, IOException e) {
        String why;
        if (e instanceof NoSuchFileException || e instanceof FileNotFoundException) {
            why = "no such file";
        } else if (e instanceof AccessDeniedException) {
            why = "permission denied";
        } else if (e instanceof EOFException) {
            why = "file ends early (truncated?)" + detail(e);
        } else if (e instanceof ZipException) {
            why = "corrupt compressed data" + detail(e);
        } else {
            why = "cannot read" + detail(e);
        }
        return LlaException.input(source + ": " + why, e);
    }

    /** Collapses whitespace so that a JDK message cannot break the one-line rule. */
    static String oneLine(String text) {
        return text == null ? "" : text.strip().replaceAll("\\s+", " ");
    }

    private static String detail(IOException e) {
        String message = oneLine(e.getMessage());
        return message.isEmpty() ? "" : " (" + message + ")";
    }
}
