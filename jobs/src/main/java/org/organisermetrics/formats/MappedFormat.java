package org.organisermetrics.formats;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.organisermetrics.contract.Column;
import org.organisermetrics.contract.ColumnType;
import org.organisermetrics.contract.Columns;
import org.organisermetrics.contract.Reason;
import org.organisermetrics.contract.Source;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * A format described in YAML, without code: the built-in CRM formats
 * ({@code jobs/src/main/resources/formats/*.yaml}) and a user's {@code <landing>/mappings/*.yaml}.
 * The language (docs/formats.md has it with an example):
 * <pre>
 * format: acme_canvass              # name
 * tool: Acme CRM
 * about: Canvass export
 * header: [Voter ID, Canvass Date, Result]     # the columns that identify the file
 * sheet: Canvass                    # .xlsx: the sheet (default: the first)
 * codes: {result: {Labour: LAB, Not home: NOT_HOME}}
 * sources:
 *   contacts:
 *     when: {column: Result, not_empty: true}
 *     columns:
 *       contact_id: {template: "acme-{Voter ID}"}
 *       contact_date: {column: Canvass Date, date: "dd/MM/yyyy HH:mm"}
 *       intention: {column: Result, codes: result}
 *       channel: {value: DOOR}
 * </pre>
 * A value is a column name, or a map with one of {@code column}, {@code value}, {@code template},
 * {@code first}, {@code elector} and the modifiers {@code date}, {@code codes}, {@code default},
 * {@code lookup} (with {@code polling_district}, and optionally {@code council}). A file with
 * {@code codes_for: <format>} and a {@code codes:} block changes a format's code tables.
 */
public final class MappedFormat implements Format {
    private static final long serialVersionUID = 1L;
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]*");
    private static final Pattern TEMPLATE_PART = Pattern.compile("\\{([^{}]+)}");
    private static final List<String> TRUE = List.of("true", "yes", "y", "1", "x");
    private static final Pattern DAY_FIRST = Pattern.compile("(\\d{1,2})/(\\d{1,2})/\\d{4}\\b.*");
    private static final Pattern ISO_DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}(:\\d{2})?)?");

    private final String name;
    private final String tool;
    private final String about;
    private final String origin;
    private final List<String> header;
    private final String sheet;
    /** Code tables: table -> normalised export value -> contract code (null: no code from this table). */
    private final Map<String, Map<String, String>> codes;
    /** Where each table's entries were last set (the file a user edits). */
    private final Map<String, String> codesOrigin;
    private final Map<Source, SourceSpec> sources;

    private record SourceSpec(List<Condition> when, Map<String, Value> columns) implements Serializable {}

    private MappedFormat(String name, String tool, String about, String origin, List<String> header, String sheet,
                         Map<String, Map<String, String>> codes, Map<String, String> codesOrigin, Map<Source, SourceSpec> sources) {
        this.name = name;
        this.tool = tool;
        this.about = about;
        this.origin = origin;
        this.header = header;
        this.sheet = sheet;
        this.codes = codes;
        this.codesOrigin = codesOrigin;
        this.sources = sources;
    }

    @Override public String name() { return name; }
    @Override public String tool() { return tool; }
    @Override public String about() { return about; }
    @Override public String origin() { return origin; }
    @Override public List<String> header() { return header; }
    @Override public String sheet() { return sheet; }
    @Override public Set<Source> sources() { return sources.keySet(); }

    /** The code tables (for {@code formats list} and the docs). */
    public Map<String, Map<String, String>> codes() {
        return codes;
    }

    /** Reads a YAML document: a format, or (with {@code codes_for}) code changes, returned as a {@link CodeChanges}. */
    public static Object parse(String origin, String yamlText) {
        Object doc;
        try {
            doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(yamlText);
        } catch (RuntimeException e) {
            throw new FormatException(origin + ": is not valid YAML: " + e.getMessage().replace('\n', ' '));
        }
        if (!(doc instanceof Map<?, ?> map)) {
            throw new FormatException(origin + ": a format file is a YAML map with format, header and sources (docs/formats.md)");
        }
        if (map.containsKey("codes_for")) {
            return new CodeChanges(text(map.get("codes_for")), origin, codeTables(origin, map.get("codes")));
        }
        return fromMap(origin, map);
    }

    /** A user's changes to a format's code tables ({@code codes_for}). */
    public record CodeChanges(String format, String origin, Map<String, Map<String, String>> codes) {}

    /** This format with some code-table entries replaced or added (by a user's {@code codes_for} file). */
    public MappedFormat withCodes(CodeChanges changes) {
        Map<String, Map<String, String>> merged = new LinkedHashMap<>();
        codes.forEach((t, m) -> merged.put(t, new LinkedHashMap<>(m)));
        Map<String, String> from = new LinkedHashMap<>(codesOrigin);
        changes.codes().forEach((t, m) -> {
            merged.computeIfAbsent(t, k -> new LinkedHashMap<>()).putAll(m);
            from.put(t, changes.origin());
        });
        return new MappedFormat(name, tool, about, origin, header, sheet, freeze(merged), Map.copyOf(from), sources);
    }

    private static MappedFormat fromMap(String origin, Map<?, ?> map) {
        String name = required(origin, map, "format");
        if (!NAME.matcher(name).matches()) {
            throw new FormatException(origin + ": format '" + name + "': a name is lower-case letters, digits and _");
        }
        String where = origin + " (format " + name + ")";
        List<String> header = list(where, map.get("header"), "header");
        if (header.isEmpty()) {
            throw new FormatException(where + ": header: list the columns that identify the file");
        }
        Map<String, Map<String, String>> codes = codeTables(where, map.get("codes"));
        Map<String, String> codesOrigin = new LinkedHashMap<>();
        codes.keySet().forEach(t -> codesOrigin.put(t, origin));
        if (!(map.get("sources") instanceof Map<?, ?> srcs) || srcs.isEmpty()) {
            throw new FormatException(where + ": sources: name at least one contract source and its columns");
        }
        Map<Source, SourceSpec> sources = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : srcs.entrySet()) {
            String folder = text(e.getKey());
            Source source = Source.byFolder(folder).orElseThrow(() -> new FormatException(where + ": sources: '" + folder
                    + "' is not a contract source (" + String.join(", ", java.util.Arrays.stream(Source.values()).map(Source::folder).toList()) + ")"));
            if (!(e.getValue() instanceof Map<?, ?> spec) || !(spec.get("columns") instanceof Map<?, ?> cols)) {
                throw new FormatException(where + ": sources." + folder + ": needs columns: (contract column: value)");
            }
            Map<String, Value> columns = new LinkedHashMap<>();
            for (Map.Entry<?, ?> c : cols.entrySet()) {
                String column = text(c.getKey());
                if (source.indexOf(column) < 0) {
                    throw new FormatException(where + ": sources." + folder + ".columns: '" + column + "' is not a column of "
                            + folder + " (" + String.join(", ", source.columns().stream().map(Column::name).toList()) + ")");
                }
                columns.put(column, value(where + ": sources." + folder + ".columns." + column, c.getValue(), codes));
            }
            for (Column c : source.columns()) {
                if (c.required() && !columns.containsKey(c.name())) {
                    throw new FormatException(where + ": sources." + folder + ": the contract's required column " + c.name()
                            + " has no value; map it from a column, a template or a constant");
                }
            }
            sources.put(source, new SourceSpec(conditions(where + ": sources." + folder + ".when", spec.get("when")), Map.copyOf(columns)));
        }
        return new MappedFormat(name, text(map.get("tool")) == null ? "" : text(map.get("tool")),
                text(map.get("about")) == null ? "" : text(map.get("about")), origin, header,
                text(map.get("sheet")), freeze(codes), Map.copyOf(codesOrigin), sources);
    }

    // ---- the file's rows to contract rows ----

    @Override
    public Converter bind(List<String> fileHeader, ExportContext context) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < fileHeader.size(); i++) {
            index.putIfAbsent(Names.normal(fileHeader.get(i)), i);
        }
        Map<Source, BoundSource> bound = new LinkedHashMap<>();
        sources.forEach((source, spec) -> {
            Value[] values = new Value[source.columns().size()];
            spec.columns().forEach((column, v) -> values[source.indexOf(column)] = v);
            bound.put(source, new BoundSource(spec.when(), values));
        });
        return new MappedConverter(this, index, bound, context.lookups(), context.fileName());
    }

    private record BoundSource(List<Condition> when, Value[] values) implements Serializable {}

    /** The file's columns a value of this format reads that the header lacks (for {@code formats detect}). */
    public List<String> unreadColumns(List<String> fileHeader) {
        Set<String> have = new java.util.HashSet<>();
        fileHeader.forEach(h -> have.add(Names.normal(h)));
        java.util.TreeSet<String> out = new java.util.TreeSet<>();
        sources.values().forEach(s -> {
            s.columns().values().forEach(v -> v.columns(out));
            s.when().forEach(c -> out.add(c.column()));
        });
        return out.stream().filter(c -> !have.contains(Names.normal(c))).toList();
    }

    private static final class MappedConverter implements Converter {
        private static final long serialVersionUID = 1L;
        private final MappedFormat format;
        private final Map<String, Integer> index;
        private final Map<Source, BoundSource> sources;
        private final Lookups lookups;
        private final String fileName;

        MappedConverter(MappedFormat format, Map<String, Integer> index, Map<Source, BoundSource> sources, Lookups lookups,
                        String fileName) {
            this.format = format;
            this.index = index;
            this.sources = sources;
            this.lookups = lookups;
            this.fileName = fileName;
        }

        @Override
        public void convert(ExportTable.Row row, Out out) {
            Eval eval = new Eval(format, index, row.fields(), lookups, fileName, row.line());
            for (Map.Entry<Source, BoundSource> e : sources.entrySet()) {
                Source source = e.getKey();
                BoundSource b = e.getValue();
                boolean take = true;
                for (Condition c : b.when()) {
                    take &= c.holds(eval);
                }
                if (!take) {
                    continue;
                }
                String[] values = new String[b.values().length];
                try {
                    for (int i = 0; i < values.length; i++) {
                        if (b.values()[i] != null) {
                            values[i] = contractForm(source.columns().get(i), b.values()[i].eval(eval));
                        }
                    }
                    out.row(source, row.line(), values);
                } catch (Rejected r) {
                    out.reject(source, row.line(), values, r.reason, r.getMessage());
                }
            }
        }
    }

    /**
     * A value as the contract reads it: a date column's ISO date-time ({@code 2026-10-04T18:30:00-04:00},
     * {@code 2026-10-04 18:30:00}) gives its date as written, as exports write timestamps.
     */
    static String contractForm(Column column, String v) {
        if (v == null) {
            return null;
        }
        if (column.type() == ColumnType.DATE && v.length() > 10 && v.charAt(4) == '-' && v.charAt(7) == '-'
                && (v.charAt(10) == 'T' || v.charAt(10) == ' ')) {
            return v.substring(0, 10);
        }
        return v;
    }

    /** A row that cannot load: quarantined with this reason. */
    static final class Rejected extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final Reason reason;

        Rejected(Reason reason, String detail) {
            super(detail, null, false, false);
            this.reason = reason;
        }
    }

    /** One row's values, looked up by column name. */
    private record Eval(MappedFormat format, Map<String, Integer> index, String[] fields, Lookups lookups, String file, long line) {
        String column(String name) {
            Integer i = index.get(Names.normal(name));
            if (i == null || i >= fields.length) {
                return null;
            }
            String v = fields[i].strip();
            return v.isEmpty() ? null : v;
        }
    }

    // ---- values ----

    private interface Value extends Serializable {
        String eval(Eval e);

        void columns(Set<String> out);

        /** How the value is made, for {@code formats detect}. */
        String describe();
    }

    /** Each source's contract columns and how the format makes them ({@code formats detect}, {@code formats list}). */
    public Map<Source, Map<String, String>> describeColumns() {
        Map<Source, Map<String, String>> out = new LinkedHashMap<>();
        sources.forEach((source, spec) -> {
            Map<String, String> cols = new LinkedHashMap<>();
            spec.columns().forEach((c, v) -> cols.put(c, v.describe()));
            out.put(source, cols);
        });
        return out;
    }

    /** Each source's row condition, described ("" when every row feeds it). */
    public Map<Source, String> describeWhen() {
        Map<Source, String> out = new LinkedHashMap<>();
        sources.forEach((source, spec) -> out.put(source, String.join(" and ", spec.when().stream()
                .map(c -> c.kind().equals("not_empty") ? c.column() + " not empty" : c.column() + " " + c.kind() + " " + c.values())
                .toList())));
        return out;
    }

    private record Col(String name) implements Value {
        public String describe() { return "column '" + name + "'"; }
        public String eval(Eval e) { return e.column(name); }
        public void columns(Set<String> out) { out.add(name); }
    }

    private record Const(String value) implements Value {
        public String describe() { return "always '" + value + "'"; }
        public String eval(Eval e) { return value; }
        public void columns(Set<String> out) { }
    }

    private record Template(List<String> parts, List<Boolean> isColumn) implements Value {
        public String describe() {
            StringBuilder s = new StringBuilder("'");
            for (int i = 0; i < parts.size(); i++) {
                s.append(isColumn.get(i) ? "{" + parts.get(i) + "}" : parts.get(i));
            }
            return s.append("'").toString();
        }

        public String eval(Eval e) {
            StringBuilder s = new StringBuilder();
            boolean any = false;
            for (int i = 0; i < parts.size(); i++) {
                if (isColumn.get(i)) {
                    String v = e.column(parts.get(i));
                    if (v != null) {
                        any = true;
                        s.append(v);
                    }
                } else {
                    s.append(parts.get(i));
                }
            }
            return any || !isColumn.contains(true) ? s.toString() : null;
        }

        public void columns(Set<String> out) {
            for (int i = 0; i < parts.size(); i++) {
                if (isColumn.get(i)) {
                    out.add(parts.get(i));
                }
            }
        }
    }

    private record First(List<Value> values) implements Value {
        public String describe() { return "the first of " + String.join(", ", values.stream().map(Value::describe).toList()); }

        public String eval(Eval e) {
            for (Value v : values) {
                String s = v.eval(e);
                if (s != null && !s.isBlank()) {
                    return s;
                }
            }
            return null;
        }

        public void columns(Set<String> out) { values.forEach(v -> v.columns(out)); }
    }

    private record Elector(Value council, Value pollingDistrict, Value number, Value suffix) implements Value {
        public String describe() {
            return "the elector key of " + String.join(", ", java.util.Arrays.stream(new Value[] {council, pollingDistrict, number, suffix})
                    .filter(java.util.Objects::nonNull).map(Value::describe).toList());
        }

        /** The council as given, else the district's council in the lookup (as the register formats key electors). */
        public String eval(Eval e) {
            String pd = pollingDistrict.eval(e);
            String c = council == null ? null : council.eval(e);
            Lookups.District d = pd == null ? null : e.lookups().find(c, pd);
            if (d != null && d.council() != null) {
                c = d.council();
            }
            return ElectorKeys.of(c, pd, number.eval(e), suffix == null ? null : suffix.eval(e));
        }

        public void columns(Set<String> out) {
            for (Value v : new Value[] {council, pollingDistrict, number, suffix}) {
                if (v != null) {
                    v.columns(out);
                }
            }
        }
    }

    /** A polling district (and maybe its council) to a lookup column: seat_code, ward_code or council. */
    private record Lookup(String what, Value pollingDistrict, Value council) implements Value {
        public String describe() { return what + " of polling district " + pollingDistrict.describe() + " in " + Lookups.POLLING_DISTRICTS; }

        public String eval(Eval e) {
            String pd = pollingDistrict.eval(e);
            if (pd == null) {
                return null;
            }
            String c = council == null ? null : council.eval(e);
            Lookups.District d = e.lookups().find(c, pd);
            if (d == null) {
                throw new Rejected(Reason.UNKNOWN_POLLING_DISTRICT, "polling district '" + pd + "'"
                        + (c == null ? "" : " of council " + c) + (!e.lookups().present() ? " cannot be placed: the landing"
                        + " zone has no " + Lookups.POLLING_DISTRICTS : e.lookups().ambiguous(pd) ? " is listed under several"
                        + " councils in " + Lookups.POLLING_DISTRICTS + "; name the council" : " is not in " + Lookups.POLLING_DISTRICTS
                        + "; add it with its ward and seat"));
            }
            return switch (what) {
                case Columns.SEAT_CODE -> d.seatCode();
                case Columns.WARD_CODE -> d.wardCode();
                default -> d.council();
            };
        }

        public void columns(Set<String> out) {
            pollingDistrict.columns(out);
            if (council != null) {
                council.columns(out);
            }
        }
    }

    private record Modified(Value inner, List<String> datePatterns, String codes, String defaultValue) implements Value {
        public String describe() {
            return inner.describe() + (codes != null ? " through code table " + codes : "")
                    + (datePatterns != null ? " read as " + datePatterns : "") + (defaultValue != null ? ", else '" + defaultValue + "'" : "");
        }

        public String eval(Eval e) {
            String v = inner.eval(e);
            if (v == null || v.isBlank()) {
                return defaultValue;
            }
            if (codes != null) {
                Map<String, String> table = e.format().codes.get(codes);
                String key = v.strip().toLowerCase(Locale.ROOT);
                if (!table.containsKey(key)) {
                    String where = e.format().codesOrigin.getOrDefault(codes, e.format().origin);
                    throw new Rejected(Reason.UNKNOWN_CODE, "'" + v + "' is not in the code table " + codes + " of format "
                            + e.format().name + " (" + where + "); add it under codes: " + codes + ": in "
                            + ("built-in".equals(where) || where.startsWith("built-in")
                                    ? "a file mappings/<name>.yaml with codes_for: " + e.format().name
                                    : where));
                }
                return table.get(key);
            }
            if (datePatterns != null) {
                for (String p : datePatterns) {
                    try {
                        TemporalAccessor t = formatter(p).parse(v.strip());
                        return LocalDate.from(t).toString();
                    } catch (java.time.DateTimeException ignored) {
                        // the next pattern
                    }
                }
                Matcher dayFirst = DAY_FIRST.matcher(v.strip());
                if (dayFirst.matches() && Integer.parseInt(dayFirst.group(1)) > 12 && Integer.parseInt(dayFirst.group(2)) <= 12
                        && datePatterns.stream().anyMatch(p -> p.startsWith("M/"))) {
                    // A day-first file read month first: its other dates (day 12 or less) would be read wrong without a word.
                    throw new FormatException(e.file() + ":" + e.line() + ": '" + v + "' is day first, but format " + e.format().name
                            + " reads these dates month first (" + datePatterns.get(0) + "), as its tool writes them in the US;"
                            + " the whole file is read as nothing rather than with days and months swapped. Export it with"
                            + " month-first dates, or copy the format into mappings/ under another name with dd/MM/yyyy patterns"
                            + " (docs/formats.md)");
                }
                if (ISO_DATE.matcher(v.strip()).matches()) {
                    return v.strip().substring(0, 10); // a workbook's date cell, read as yyyy-MM-dd whatever its display format
                }
                throw new Rejected(Reason.BAD_DATE, "'" + v + "' is not a date in the format's pattern(s) " + datePatterns);
            }
            return v;
        }

        public void columns(Set<String> out) { inner.columns(out); }
    }

    private static final Map<String, DateTimeFormatter> FORMATTERS = new java.util.concurrent.ConcurrentHashMap<>();

    private static DateTimeFormatter formatter(String pattern) {
        return FORMATTERS.computeIfAbsent(pattern, p -> new DateTimeFormatterBuilder().parseCaseInsensitive()
                .appendPattern(p).toFormatter(Locale.UK));
    }

    private static Value value(String where, Object spec, Map<String, Map<String, String>> codes) {
        if (spec instanceof String s) {
            return new Col(s);
        }
        if (spec instanceof Number || spec instanceof Boolean) {
            throw new FormatException(where + ": a bare value names an export column; write a constant as {value: " + spec + "}");
        }
        if (!(spec instanceof Map<?, ?> m)) {
            throw new FormatException(where + ": a value is a column name or a map (column, value, template, first, elector, lookup)");
        }
        Value inner;
        if (m.containsKey("column")) {
            inner = new Col(text(m.get("column")));
        } else if (m.containsKey("value")) {
            inner = new Const(text(m.get("value")));
        } else if (m.containsKey("template")) {
            inner = template(text(m.get("template")));
        } else if (m.containsKey("first")) {
            if (!(m.get("first") instanceof List<?> l) || l.isEmpty()) {
                throw new FormatException(where + ": first: a list of values");
            }
            List<Value> vs = new ArrayList<>();
            for (Object o : l) {
                vs.add(value(where + ".first", o, codes));
            }
            inner = new First(List.copyOf(vs));
        } else if (m.get("elector") instanceof Map<?, ?> el) {
            if (!el.containsKey("polling_district") || !el.containsKey("number")) {
                throw new FormatException(where + ": elector: needs polling_district and number (council and suffix optional)");
            }
            inner = new Elector(el.containsKey("council") ? value(where + ".elector.council", el.get("council"), codes) : null,
                    value(where + ".elector.polling_district", el.get("polling_district"), codes),
                    value(where + ".elector.number", el.get("number"), codes),
                    el.containsKey("suffix") ? value(where + ".elector.suffix", el.get("suffix"), codes) : null);
        } else if (m.containsKey("lookup")) {
            String what = text(m.get("lookup"));
            if (!List.of(Columns.SEAT_CODE, Columns.WARD_CODE, "council").contains(what)) {
                throw new FormatException(where + ": lookup: one of seat_code, ward_code, council");
            }
            if (!m.containsKey("polling_district")) {
                throw new FormatException(where + ": lookup: needs polling_district: (the column holding it)");
            }
            inner = new Lookup(what, value(where + ".polling_district", m.get("polling_district"), codes),
                    m.containsKey("council") ? value(where + ".council", m.get("council"), codes) : null);
        } else {
            throw new FormatException(where + ": a value needs one of column, value, template, first, elector, lookup; it has "
                    + m.keySet());
        }
        String table = text(m.get("codes"));
        if (table != null && !codes.containsKey(table)) {
            throw new FormatException(where + ": codes: " + table + " is not a table under codes:");
        }
        List<String> dates = m.containsKey("date") ? list(where, m.get("date"), "date") : null;
        String def = text(m.get("default"));
        if (table == null && dates == null && def == null) {
            return inner;
        }
        return new Modified(inner, dates, table, def);
    }

    private static Template template(String t) {
        List<String> parts = new ArrayList<>();
        List<Boolean> isColumn = new ArrayList<>();
        Matcher m = TEMPLATE_PART.matcher(t);
        int at = 0;
        while (m.find()) {
            if (m.start() > at) {
                parts.add(t.substring(at, m.start()));
                isColumn.add(false);
            }
            parts.add(m.group(1));
            isColumn.add(true);
            at = m.end();
        }
        if (at < t.length()) {
            parts.add(t.substring(at));
            isColumn.add(false);
        }
        return new Template(List.copyOf(parts), List.copyOf(isColumn));
    }

    // ---- conditions ----

    private record Condition(String column, String kind, List<String> values) implements Serializable {
        boolean holds(Eval e) {
            String v = e.column(column);
            return switch (kind) {
                case "is" -> (v != null && TRUE.contains(v.toLowerCase(Locale.ROOT))) == Boolean.parseBoolean(values.get(0));
                case "in" -> v != null && values.contains(v.toLowerCase(Locale.ROOT));
                case "not_in" -> v == null || !values.contains(v.toLowerCase(Locale.ROOT));
                default -> v != null; // not_empty
            };
        }
    }

    private static List<Condition> conditions(String where, Object spec) {
        if (spec == null) {
            return List.of();
        }
        List<?> items = spec instanceof List<?> l ? l : List.of(spec);
        List<Condition> out = new ArrayList<>();
        for (Object o : items) {
            if (!(o instanceof Map<?, ?> m) || !m.containsKey("column")) {
                throw new FormatException(where + ": a condition is {column: C, is: true|false}, {column: C, in: [..]},"
                        + " {column: C, not_in: [..]} or {column: C, not_empty: true}");
            }
            String column = text(m.get("column"));
            if (m.containsKey("is")) {
                out.add(new Condition(column, "is", List.of(String.valueOf(TRUE.contains(text(m.get("is")).toLowerCase(Locale.ROOT))))));
            } else if (m.containsKey("in") || m.containsKey("not_in")) {
                String kind = m.containsKey("in") ? "in" : "not_in";
                out.add(new Condition(column, kind, list(where, m.get(kind), kind).stream().map(s -> s.toLowerCase(Locale.ROOT)).toList()));
            } else {
                out.add(new Condition(column, "not_empty", List.of()));
            }
        }
        return List.copyOf(out);
    }

    // ---- YAML helpers ----

    private static Map<String, Map<String, String>> codeTables(String where, Object spec) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        if (spec == null) {
            return out;
        }
        if (!(spec instanceof Map<?, ?> tables)) {
            throw new FormatException(where + ": codes: a map of tables (name: {export value: contract code})");
        }
        for (Map.Entry<?, ?> t : tables.entrySet()) {
            if (!(t.getValue() instanceof Map<?, ?> entries)) {
                throw new FormatException(where + ": codes." + t.getKey() + ": a map of export value: contract code");
            }
            Map<String, String> table = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : entries.entrySet()) {
                String code = text(e.getValue());
                table.put(text(e.getKey()).strip().toLowerCase(Locale.ROOT), code == null ? null : code.strip().toUpperCase(Locale.ROOT));
            }
            out.put(text(t.getKey()), table);
        }
        return out;
    }

    private static Map<String, Map<String, String>> freeze(Map<String, Map<String, String>> codes) {
        Map<String, Map<String, String>> out = new LinkedHashMap<>();
        codes.forEach((t, m) -> out.put(t, java.util.Collections.unmodifiableMap(new LinkedHashMap<>(m))));
        return java.util.Collections.unmodifiableMap(out);
    }

    private static String required(String where, Map<?, ?> map, String key) {
        String v = text(map.get(key));
        if (v == null || v.isBlank()) {
            throw new FormatException(where + ": needs " + key + ":");
        }
        return v;
    }

    private static List<String> list(String where, Object o, String key) {
        if (o == null) {
            return List.of();
        }
        if (o instanceof List<?> l) {
            return l.stream().map(MappedFormat::text).toList();
        }
        if (o instanceof String || o instanceof Number) {
            return List.of(text(o));
        }
        throw new FormatException(where + ": " + key + ": a list");
    }

    private static String text(Object o) {
        if (o == null) {
            return null;
        }
        if (o instanceof Boolean b) {
            return b.toString();
        }
        return o.toString();
    }
}
