package org.organisermetrics.formats;

import java.io.Serializable;
import java.util.List;
import java.util.Set;
import org.organisermetrics.contract.Reason;
import org.organisermetrics.contract.Source;

/**
 * A format: how one kind of export (a council's register, a CRM's contact history...) is
 * recognised by its header and turned into rows of the landing contract's sources. The contract
 * stays the one place that defines curated tables: a format only says where each contract value
 * comes from, and every contract rule then applies to the rows it gives, unchanged.
 */
public interface Format extends Serializable {

    /** The format's name (lower-case, digits, _): shown by {@code formats list}, the console and the manifest. */
    String name();

    /** Who writes the file: "Xpress", "NGP VAN / Connect", a user's "Acme CRM". */
    String tool();

    /** One line on which export this is. */
    String about();

    /** Where it is defined: "built-in", or the user's mapping file. */
    String origin();

    /** The columns a header must have for a file to be this format (as the tool spells them). */
    List<String> header();

    /** The sheet of a workbook to read; null for the first. */
    default String sheet() {
        return null;
    }

    /** The contract sources its rows feed. */
    Set<Source> sources();

    /** Whether a header (as the file spells it) has every column of {@link #header()}. */
    default boolean matches(List<String> fileHeader) {
        return missing(fileHeader).isEmpty();
    }

    /** The columns of {@link #header()} the file's header lacks. */
    default List<String> missing(List<String> fileHeader) {
        Set<String> have = new java.util.HashSet<>();
        fileHeader.forEach(h -> have.add(Names.normal(h)));
        return header().stream().filter(c -> !have.contains(Names.normal(c))).toList();
    }

    /** A converter for a file with this header, in this context; a {@link FormatException} if it cannot be read. */
    Converter bind(List<String> fileHeader, ExportContext context);

    /** Turns one export row into contract rows. Serializable: it runs in the Spark task that reads the file. */
    interface Converter extends Serializable {
        void convert(ExportTable.Row row, Out out);

        /** Called once the file's rows are all read: a converter that holds rows back gives them now. */
        default void finish(Out out) {}
    }

    /** Where a converter puts the contract rows of an export row. */
    interface Out {
        /** A contract row: values in the source's column order (null where the export has nothing). */
        void row(Source source, long line, String[] values);

        /** A row that cannot become a contract row: quarantined with this reason and detail (naming value and fix). */
        void reject(Source source, long line, String[] values, Reason reason, String detail);
    }
}
