package org.organisermetrics.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.organisermetrics.publish.catalogue.ResultFormat;
import org.organisermetrics.publish.catalogue.SqlRunner;
import org.organisermetrics.publish.catalogue.SqlScript;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Analysts' SQL over the warehouse's DuckDB catalogue, read-only and in-process. */
@Command(name = "sql", mixinStandardHelpOptions = true, sortOptions = false,
        header = "Run read-only SQL over the warehouse's DuckDB catalogue.",
        description = {
            "Runs a query, or a SQL notebook of several (--file), and prints each result. "
                + "The catalogue (analytics.duckdb) has one view per curated and metric table, and runs. Only queries run: "
                + "a statement that would write, attach, install or read outside the warehouse's curated/, metrics/ "
                + "and runs/ is refused (exit 3), as is a SQL error."},
        footer = {"%nExamples:",
                "  organiser-metrics sql --warehouse warehouse \\",
                "      \"SELECT * FROM seat_month WHERE pilot LIMIT 5\"",
                "  organiser-metrics sql --warehouse warehouse --format csv \\",
                "      --file notebooks-sql/01-pilot-scorecard.sql"})
public final class SqlCommand implements Callable<Integer> {

    @Option(names = "--warehouse", required = true, paramLabel = "DIR", description = "Warehouse folder holding analytics.duckdb.")
    Path warehouse;

    @ArgGroup(exclusive = true, multiplicity = "1")
    What what;

    static final class What {
        @Parameters(paramLabel = "SQL", description = "The query (several may be separated by ';').")
        String query;

        @Option(names = "--file", paramLabel = "FILE", description = "A SQL file (a notebook): each statement is run and its result printed.")
        Path file;
    }

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "table (aligned, for people), csv or json (one JSON array of rows per statement); default: ${DEFAULT-VALUE}.")
    String format;

    @Option(names = "--max-rows", paramLabel = "N", defaultValue = "1000",
            description = "Rows a table shows at most (csv and json print all); default: ${DEFAULT-VALUE}.")
    int maxRows;

    @Spec
    CommandSpec spec;

    private static final Pattern DUCKDB_LINE = Pattern.compile("LINE (\\d+):");

    @Override
    public Integer call() throws IOException, SQLException {
        ResultFormat how;
        try {
            how = ResultFormat.parse(format);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--format must be table, csv or json, not '" + format + "'");
        }
        String source = what.file != null ? what.file.toString() : "query";
        String text;
        if (what.file != null) {
            if (!Files.isRegularFile(what.file)) {
                throw new UsageException("no such SQL file: " + what.file);
            }
            text = Files.readString(what.file, StandardCharsets.UTF_8);
        } else {
            text = what.query;
        }
        List<SqlScript.Statement> statements = SqlScript.split(text);
        if (statements.isEmpty()) {
            throw new UsageException(source + " holds no SQL statement");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SqlRunner runner;
        try {
            runner = SqlRunner.open(Paths.get(warehouse.toString()));
        } catch (SqlRunner.NoCatalogueException e) {
            throw new UsageException(e.getMessage());
        }
        try (runner) {
            for (int i = 0; i < statements.size(); i++) {
                SqlScript.Statement st = statements.get(i);
                SqlRunner.Result result;
                try {
                    result = runner.query(st.sql());
                } catch (SqlRunner.RefusedException e) {
                    err.println(where(source, i, statements.size(), st.codeLine()) + e.getMessage());
                    err.flush();
                    return ExitCode.BAD_INPUT;
                } catch (SQLException e) {
                    String message = e.getMessage() == null ? e.toString() : e.getMessage().strip();
                    Matcher m = DUCKDB_LINE.matcher(message);
                    int line = m.find() ? st.fileLine(Integer.parseInt(m.group(1))) : st.codeLine();
                    err.println(where(source, i, statements.size(), line) + "SQL error");
                    err.println(message);
                    err.flush();
                    return ExitCode.BAD_INPUT;
                }
                if (statements.size() > 1) {
                    if (how == ResultFormat.TABLE) {
                        out.println((i > 0 ? "\n" : "") + "-- statement " + (i + 1) + " of " + statements.size()
                                + " (line " + st.codeLine() + ")");
                    } else if (how == ResultFormat.CSV && i > 0) {
                        out.println();
                    }
                }
                how.print(result, out, maxRows);
            }
        }
        return ExitCode.SUCCESS;
    }

    private static String where(String source, int index, int count, int line) {
        return source + ":" + line + (count > 1 ? " (statement " + (index + 1) + " of " + count + ")" : "") + ": ";
    }
}
