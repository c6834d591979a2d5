package org.organisermetrics.formats;

import java.io.Closeable;
import java.util.Iterator;
import java.util.List;

/**
 * An export file read as a table of text: its header row and its data rows, each with the line it
 * starts on (a CSV or text file's physical line; a workbook sheet's row number, as Excel shows it).
 * Blank rows are skipped (their lines still count). Values are as the file holds them, untrimmed;
 * a workbook's dates are given as {@code yyyy-MM-dd} (or {@code yyyy-MM-dd'T'HH:mm:ss} with a time),
 * its whole numbers without a decimal point.
 */
public interface ExportTable extends Iterator<ExportTable.Row>, Closeable {

    /** A data row: where it starts, and its fields in the file's column order. */
    record Row(long line, String[] fields) {}

    /** The header's names as the file spells them (a byte-order mark removed). */
    List<String> header();

    /** The line (or sheet row) of the header: lines above it are a preamble (a title, "Date Published: ..."). */
    long headerLine();

    /** The lines above the header, as text (empty when the header is the first line). */
    List<String> preamble();
}
