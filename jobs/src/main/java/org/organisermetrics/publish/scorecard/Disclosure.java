package org.organisermetrics.publish.scorecard;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Disclosure control for one group of related cells (a table row, a table with its totals), as
 * statistical offices do it: primary suppression of small counts, then secondary suppression of
 * every published cell from which a suppressed one could be worked back.
 *
 * <p>Cells are counts of people or rates. Relations tie them together: a total is the sum of its
 * parts, a difference is one cell minus another, a share is part / whole (and then whole - part is
 * a count of people too: a share declares it as a hidden cell). A cell is <b>shown</b> (on the
 * page, unless suppressed), <b>hidden</b> (on no page, but derivable from shown ones: the promises
 * who did not vote) or <b>public</b> (known anyway, never suppressed: register turnout).
 *
 * <p>The rule, with threshold t (default 5):
 * <ul>
 *   <li>Primary: a count of 1 to t - 1 people is sensitive; a share is sensitive when its part,
 *       its whole or whole - part is sensitive. Shown sensitive cells are suppressed. 0 is not
 *       sensitive (it is shown); a cell with no value is "no data", neither shown as a number nor
 *       counted as suppressed.</li>
 *   <li>Secondary: no suppressed or sensitive cell may be worked out from the published ones
 *       through the relations (any combination of them: linear algebra over the sums and
 *       differences, a share from its part and whole, a part from its share and whole, a whole
 *       from its share and part), and no sensitive count may be bounded below t by a published
 *       total minus published parts (parts are never negative). While one can, the cheapest
 *       published cell that takes part in its relations is suppressed as well.</li>
 * </ul>
 * Values are taken exactly, as an attacker who knew the unrounded figures would; a rounded
 * percentage on the page tells less.
 */
public final class Disclosure {
    private static final double EPSILON = 1e-9;

    /** What a cell is: a count of people (never negative, the primary rule applies) or a rate. */
    public enum Kind { COUNT, RATE }

    /** Whether a cell is on the page. */
    public enum Visibility { SHOWN, HIDDEN, PUBLIC }

    private record Cell(String id, Kind kind, Double value, Visibility visibility, int cost, int order) {}

    /** sum of coefficient x cell = 0. */
    private record Linear(Map<String, Double> terms, boolean totalOfParts, String total, List<String> parts) {}

    private record Share(String rate, String part, String whole, String rest) {}

    private final Map<String, Cell> cells = new LinkedHashMap<>();
    private final List<Linear> linear = new ArrayList<>();
    private final List<Share> shares = new ArrayList<>();

    /** A count on the page. Cost: how much the reader loses if it is suppressed (lower goes first). */
    public Disclosure count(String id, Long value, int cost) {
        return add(id, Kind.COUNT, value == null ? null : value.doubleValue(), Visibility.SHOWN, cost);
    }

    /** A rate (or a difference of rates) on the page. */
    public Disclosure rate(String id, Double value, int cost) {
        return add(id, Kind.RATE, value == null || value.isNaN() ? null : value, Visibility.SHOWN, cost);
    }

    /** A rate anyone knows (never suppressed). */
    public Disclosure publicRate(String id, Double value) {
        return add(id, Kind.RATE, value == null || value.isNaN() ? null : value, Visibility.PUBLIC, 0);
    }

    /** A count on no page that the shown cells could reveal. */
    public Disclosure hiddenCount(String id, Long value) {
        return add(id, Kind.COUNT, value == null ? null : value.doubleValue(), Visibility.HIDDEN, 0);
    }

    private Disclosure add(String id, Kind kind, Double value, Visibility visibility, int cost) {
        if (cells.containsKey(id)) {
            throw new IllegalArgumentException("cell " + id + " is declared twice");
        }
        cells.put(id, new Cell(id, kind, value, visibility, cost, cells.size()));
        return this;
    }

    /** total = the sum of the parts (every cell a count). */
    public Disclosure total(String total, String... parts) {
        Map<String, Double> terms = new LinkedHashMap<>();
        terms.merge(need(total), 1.0, Double::sum);
        for (String p : parts) {
            terms.merge(need(p), -1.0, Double::sum);
        }
        linear.add(new Linear(terms, true, total, List.of(parts)));
        return this;
    }

    /** difference = a - b. */
    public Disclosure difference(String difference, String a, String b) {
        Map<String, Double> terms = new LinkedHashMap<>();
        terms.merge(need(difference), 1.0, Double::sum);
        terms.merge(need(a), -1.0, Double::sum);
        terms.merge(need(b), 1.0, Double::sum);
        linear.add(new Linear(terms, false, null, List.of()));
        return this;
    }

    /**
     * rate = part / whole, part a subset of whole: declares whole - part as a hidden count
     * ({@code whole + "-" + part}), since it counts people too (the promises who did not vote).
     */
    public Disclosure share(String rate, String part, String whole) {
        need(rate);
        Cell p = cells.get(need(part));
        Cell w = cells.get(need(whole));
        String rest = whole + "-" + part;
        hiddenCount(rest, p.value() == null || w.value() == null ? null : Math.round(w.value() - p.value()));
        total(whole, part, rest);
        shares.add(new Share(rate, part, whole, rest));
        return this;
    }

    private String need(String id) {
        if (!cells.containsKey(id)) {
            throw new IllegalArgumentException("no cell " + id + ": declare it before its relations");
        }
        return id;
    }

    /** The decision: which cells are suppressed, and why. */
    public record Result(Set<String> primary, Set<String> secondary, Set<String> noData) {
        public boolean suppressed(String id) {
            return primary.contains(id) || secondary.contains(id);
        }

        public boolean noData(String id) {
            return noData.contains(id);
        }
    }

    /** Thrown when a sensitive cell follows from public cells alone: nothing on the page can protect it. */
    public static final class CannotProtectException extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        CannotProtectException(String message) {
            super(message);
        }
    }

    /** Applies the primary and secondary rules with threshold t and returns what to suppress. */
    public Result protect(int threshold) {
        if (threshold < 1) {
            throw new IllegalArgumentException("the small-count threshold must be at least 1, not " + threshold);
        }
        Set<String> sensitive = sensitive(threshold);
        Set<String> primary = new LinkedHashSet<>();
        Set<String> noData = new LinkedHashSet<>();
        for (Cell c : cells.values()) {
            if (c.value() == null && c.visibility() != Visibility.HIDDEN) {
                noData.add(c.id());
            } else if (sensitive.contains(c.id()) && c.visibility() == Visibility.SHOWN) {
                primary.add(c.id());
            }
        }
        Set<String> secondary = new LinkedHashSet<>();
        for (int guard = 0; guard <= cells.size(); guard++) {
            Set<String> suppressed = union(primary, secondary);
            String leak = firstLeak(published(suppressed), suppressed, sensitive, threshold);
            if (leak == null) {
                return new Result(primary, secondary, noData);
            }
            List<Cell> candidates = candidates(leak, suppressed);
            if (candidates.isEmpty()) {
                throw new CannotProtectException("cell " + leak + " follows from public cells alone; nothing on the page can protect it");
            }
            Cell chosen = candidates.get(0);
            for (Cell c : candidates) {
                Set<String> trial = union(suppressed, Set.of(c.id()));
                if (!leaks(leak, published(trial), trial, sensitive, threshold)) {
                    chosen = c;
                    break;
                }
            }
            secondary.add(chosen.id());
        }
        throw new IllegalStateException("secondary suppression did not settle");
    }

    /** The cells sensitive under the primary rule. */
    private Set<String> sensitive(int threshold) {
        Set<String> sensitive = new HashSet<>();
        for (Cell c : cells.values()) {
            if (c.kind() == Kind.COUNT && small(c.value(), threshold)) {
                sensitive.add(c.id());
            }
        }
        for (Share s : shares) {
            if (sensitive.contains(s.part()) || sensitive.contains(s.whole()) || sensitive.contains(s.rest())) {
                sensitive.add(s.rate());
            }
        }
        return sensitive;
    }

    static boolean small(Double count, int threshold) {
        return count != null && count >= 1 - EPSILON && count < threshold - EPSILON;
    }

    /** The values a reader of the page has: shown cells not suppressed, with a value, and public cells. */
    private Map<String, Double> published(Set<String> suppressed) {
        Map<String, Double> known = new LinkedHashMap<>();
        for (Cell c : cells.values()) {
            if (c.value() != null && c.visibility() != Visibility.HIDDEN && !suppressed.contains(c.id())) {
                known.put(c.id(), c.value());
            }
        }
        return known;
    }

    private String firstLeak(Map<String, Double> published, Set<String> suppressed, Set<String> sensitive, int threshold) {
        Audit audit = audit(published);
        for (Cell c : cells.values()) {
            if (leaks(c.id(), audit, suppressed, sensitive, threshold)) {
                return c.id();
            }
        }
        return null;
    }

    private boolean leaks(String id, Map<String, Double> published, Set<String> suppressed, Set<String> sensitive, int threshold) {
        return leaks(id, audit(published), suppressed, sensitive, threshold);
    }

    private boolean leaks(String id, Audit audit, Set<String> suppressed, Set<String> sensitive, int threshold) {
        Cell c = cells.get(id);
        if (c.value() == null) {
            return false;
        }
        boolean guarded = suppressed.contains(id) || sensitive.contains(id) && c.visibility() == Visibility.HIDDEN;
        if (!guarded) {
            return false;
        }
        if (audit.known().containsKey(id)) {
            return true;
        }
        Double upper = audit.upper().get(id);
        return sensitive.contains(id) && upper != null && upper < threshold - EPSILON;
    }

    /** Shown, unsuppressed cells with a value, related (through any chain of relations) to the leaking cell, cheapest first. */
    private List<Cell> candidates(String leak, Set<String> suppressed) {
        Set<String> reach = new LinkedHashSet<>(List.of(leak));
        boolean grew = true;
        while (grew) {
            grew = false;
            for (Set<String> members : relationMembers()) {
                if (members.stream().anyMatch(reach::contains) && reach.addAll(members)) {
                    grew = true;
                }
            }
        }
        List<Cell> out = new ArrayList<>();
        for (String id : reach) {
            Cell c = cells.get(id);
            if (c.visibility() == Visibility.SHOWN && c.value() != null && !suppressed.contains(id)) {
                out.add(c);
            }
        }
        out.sort(Comparator.comparingInt(Cell::cost).thenComparingInt(Cell::order));
        return out;
    }

    private List<Set<String>> relationMembers() {
        List<Set<String>> all = new ArrayList<>();
        for (Linear l : linear) {
            all.add(l.terms().keySet());
        }
        for (Share s : shares) {
            all.add(Set.of(s.rate(), s.part(), s.whole()));
        }
        return all;
    }

    /** What a reader can work out: exact values, and upper bounds of counts. */
    public record Audit(Map<String, Double> known, Map<String, Double> upper) {}

    /**
     * Everything that follows from the given values through the relations: repeated until nothing
     * new follows, (1) shares: rate from part and whole, part from rate and whole, whole from rate
     * and part (rate not 0); a known rate also makes part - rate x whole = 0 a linear equation; (2)
     * every linear equation together, by Gaussian elimination, so combinations of relations count;
     * (3) upper bounds: a known total minus its known parts bounds each unknown part.
     */
    public Audit audit(Map<String, Double> published) {
        Map<String, Double> known = new LinkedHashMap<>(published);
        boolean changed = true;
        while (changed) {
            changed = false;
            for (Share s : shares) {
                Double r = known.get(s.rate());
                Double p = known.get(s.part());
                Double w = known.get(s.whole());
                if (r == null && p != null && w != null && Math.abs(w) > EPSILON) {
                    known.put(s.rate(), p / w);
                    changed = true;
                } else if (r != null && p == null && w != null) {
                    known.put(s.part(), r * w);
                    changed = true;
                } else if (r != null && p != null && w == null && Math.abs(r) > EPSILON) {
                    known.put(s.whole(), p / r);
                    changed = true;
                }
            }
            List<Map<String, Double>> equations = new ArrayList<>();
            for (Linear l : linear) {
                equations.add(l.terms());
            }
            for (Share s : shares) {
                Double r = known.get(s.rate());
                if (r != null) {
                    Map<String, Double> eq = new LinkedHashMap<>();
                    eq.put(s.part(), 1.0);
                    eq.merge(s.whole(), -r, Double::sum);
                    equations.add(eq);
                }
            }
            Map<String, Double> solved = solve(equations, known);
            for (Map.Entry<String, Double> e : solved.entrySet()) {
                if (!known.containsKey(e.getKey())) {
                    known.put(e.getKey(), e.getValue());
                    changed = true;
                }
            }
        }
        Map<String, Double> upper = new HashMap<>();
        for (Linear l : linear) {
            if (!l.totalOfParts() || !known.containsKey(l.total())) {
                continue;
            }
            double rest = known.get(l.total());
            for (String p : l.parts()) {
                rest -= known.getOrDefault(p, 0.0);
            }
            for (String p : l.parts()) {
                if (!known.containsKey(p)) {
                    upper.merge(p, rest, Math::min);
                }
            }
        }
        return new Audit(known, upper);
    }

    /** The unknowns that the equations (sum of coefficient x cell = 0) fix, given the known cells. */
    static Map<String, Double> solve(List<Map<String, Double>> equations, Map<String, Double> known) {
        List<String> unknowns = new ArrayList<>();
        for (Map<String, Double> eq : equations) {
            for (String id : eq.keySet()) {
                if (!known.containsKey(id) && !unknowns.contains(id)) {
                    unknowns.add(id);
                }
            }
        }
        int n = unknowns.size();
        List<double[]> rows = new ArrayList<>();
        for (Map<String, Double> eq : equations) {
            double[] row = new double[n + 1];
            boolean any = false;
            for (Map.Entry<String, Double> t : eq.entrySet()) {
                Double v = known.get(t.getKey());
                if (v != null) {
                    row[n] -= t.getValue() * v;
                } else {
                    row[unknowns.indexOf(t.getKey())] += t.getValue();
                    any = true;
                }
            }
            if (any) {
                rows.add(row);
            }
        }
        // reduced row echelon form
        int pivotRow = 0;
        int[] pivotOf = new int[n];
        java.util.Arrays.fill(pivotOf, -1);
        for (int col = 0; col < n && pivotRow < rows.size(); col++) {
            int best = -1;
            for (int r = pivotRow; r < rows.size(); r++) {
                if (Math.abs(rows.get(r)[col]) > EPSILON && (best < 0 || Math.abs(rows.get(r)[col]) > Math.abs(rows.get(best)[col]))) {
                    best = r;
                }
            }
            if (best < 0) {
                continue;
            }
            double[] swap = rows.get(pivotRow);
            rows.set(pivotRow, rows.get(best));
            rows.set(best, swap);
            double[] p = rows.get(pivotRow);
            double lead = p[col];
            for (int k = 0; k <= n; k++) {
                p[k] /= lead;
            }
            for (int r = 0; r < rows.size(); r++) {
                if (r != pivotRow) {
                    double[] other = rows.get(r);
                    double f = other[col];
                    if (Math.abs(f) > EPSILON) {
                        for (int k = 0; k <= n; k++) {
                            other[k] -= f * p[k];
                        }
                    }
                }
            }
            pivotOf[col] = pivotRow;
            pivotRow++;
        }
        Map<String, Double> solved = new LinkedHashMap<>();
        for (int col = 0; col < n; col++) {
            if (pivotOf[col] < 0) {
                continue;
            }
            double[] row = rows.get(pivotOf[col]);
            boolean alone = true;
            for (int k = 0; k < n; k++) {
                if (k != col && Math.abs(row[k]) > EPSILON) {
                    alone = false;
                    break;
                }
            }
            if (alone) {
                solved.put(unknowns.get(col), row[n]);
            }
        }
        return solved;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new LinkedHashSet<>(a);
        u.addAll(b);
        return u;
    }
}
