package org.organisermetrics.publish.scorecard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The disclosure-control module on hand-made tables: what an attacker works out (the audit), and
 * that after {@link Disclosure#protect} nothing suppressed or sensitive can be worked out.
 */
class DisclosureTest {

    /** The published values after protection: every shown cell with a value that is not suppressed. */
    private static Map<String, Double> published(Map<String, Double> shown, Disclosure.Result r) {
        Map<String, Double> out = new HashMap<>();
        shown.forEach((id, v) -> {
            if (v != null && !r.suppressed(id)) {
                out.put(id, v);
            }
        });
        return out;
    }

    private static Set<String> suppressed(Disclosure.Result r) {
        Set<String> s = new LinkedHashSet<>(r.primary());
        s.addAll(r.secondary());
        return s;
    }

    @Test
    void a_total_and_one_part_give_the_other_part_and_two_relations_together_give_what_neither_gives_alone() {
        Disclosure d = new Disclosure().count("t", 10L, 1).count("x", 7L, 1).count("y", 3L, 1).count("diff", 4L, 1)
                .total("t", "x", "y").difference("diff", "x", "y");
        assertEquals(3.0, d.audit(Map.of("t", 10.0, "x", 7.0)).known().get("y"), 1e-9);
        // t = x + y and diff = x - y: each has two unknowns, together they fix x = 7 and y = 3
        Disclosure.Audit a = d.audit(Map.of("t", 10.0, "diff", 4.0));
        assertEquals(7.0, a.known().get("x"), 1e-9);
        assertEquals(3.0, a.known().get("y"), 1e-9);
        assertFalse(new Disclosure().count("t", 10L, 1).count("x", 7L, 1).count("y", 3L, 1).total("t", "x", "y")
                .audit(Map.of("t", 10.0)).known().containsKey("y"));
    }

    @Test
    void a_share_gives_its_part_from_the_whole_its_whole_from_the_part_and_itself_from_both() {
        Disclosure d = new Disclosure().count("p", 40L, 1).count("v", 30L, 1).rate("r", 0.75, 1).share("r", "v", "p");
        assertEquals(30.0, d.audit(Map.of("r", 0.75, "p", 40.0)).known().get("v"), 1e-9);
        assertEquals(40.0, d.audit(Map.of("r", 0.75, "v", 30.0)).known().get("p"), 1e-9);
        assertEquals(0.75, d.audit(Map.of("v", 30.0, "p", 40.0)).known().get("r"), 1e-9);
        assertEquals(10.0, d.audit(Map.of("v", 30.0, "p", 40.0)).known().get("p-v"), 1e-9);   // the rest, by subtraction
        assertFalse(d.audit(Map.of("r", 0.75)).known().containsKey("v"), "a share alone fixes neither count");
        // a share of 0 with a part of 0 says nothing about the whole
        Disclosure zero = new Disclosure().count("p", 40L, 1).count("v", 0L, 1).rate("r", 0.0, 1).share("r", "v", "p");
        assertFalse(zero.audit(Map.of("r", 0.0, "v", 0.0)).known().containsKey("p"));
    }

    @Test
    void a_small_part_of_a_table_with_row_and_column_totals_needs_three_more_cells_hidden() {
        //        c1  c2 | row
        //  r1     3  20 |  23
        //  r2    15  30 |  45
        //  col   18  50 |  68
        Map<String, Double> shown = new HashMap<>();
        Disclosure d = new Disclosure();
        long[][] v = {{3, 20, 23}, {15, 30, 45}, {18, 50, 68}};
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                d.count("a" + i + j, v[i][j], i == 2 || j == 2 ? 5 : 1);   // totals are dearer to lose
                shown.put("a" + i + j, (double) v[i][j]);
            }
        }
        for (int i = 0; i < 3; i++) {
            d.total("a" + i + "2", "a" + i + "0", "a" + i + "1");
            d.total("a2" + i, "a0" + i, "a1" + i);
        }
        // primary suppression alone is undone by subtraction: 23 - 20 = 3
        assertEquals(3.0, d.audit(published(shown, new Disclosure.Result(Set.of("a00"), Set.of(), Set.of()))).known().get("a00"), 1e-9);
        Disclosure.Result r = d.protect(5);
        assertEquals(Set.of("a00"), r.primary());
        // the cheapest pattern that holds: the four inner cells (no total lost)
        assertEquals(Set.of("a00", "a01", "a10", "a11"), suppressed(r));
        Disclosure.Audit a = d.audit(published(shown, r));
        for (String id : suppressed(r)) {
            assertFalse(a.known().containsKey(id), id + " is worked out from the published cells");
        }
        assertTrue(a.upper().getOrDefault("a00", Double.MAX_VALUE) >= 5, "a00 is not bounded below 5");
    }

    @Test
    void suppressed_parts_whose_sum_is_small_are_protected_too() {
        // 12 = 8 + 2 + 2: hiding the two 2s leaves 12 - 8 = 4 between them, so each is at most 4
        Disclosure d = new Disclosure().count("t", 12L, 9).count("a", 8L, 1).count("b", 2L, 1).count("c", 2L, 1)
                .total("t", "a", "b", "c");
        Map<String, Double> shown = Map.of("t", 12.0, "a", 8.0, "b", 2.0, "c", 2.0);
        Disclosure.Audit naive = d.audit(published(shown, new Disclosure.Result(Set.of("b", "c"), Set.of(), Set.of())));
        assertEquals(4.0, naive.upper().get("b"), 1e-9);
        Disclosure.Result r = d.protect(5);
        assertEquals(Set.of("b", "c"), r.primary());
        assertEquals(List.of("a"), List.copyOf(r.secondary()));
        assertFalse(d.audit(published(shown, r)).upper().containsKey("b") && d.audit(published(shown, r)).upper().get("b") < 5);
    }

    @Test
    void zero_is_shown_and_a_missing_value_is_no_data_not_suppressed() {
        Disclosure d = new Disclosure().count("p", 0L, 1).count("v", 0L, 1).rate("r", null, 1).share("r", "v", "p");
        Disclosure.Result r = d.protect(5);
        assertTrue(suppressed(r).isEmpty());
        assertEquals(Set.of("r"), r.noData());
    }

    @Test
    void a_sensitive_cell_that_public_cells_alone_give_away_is_an_error_not_a_silent_leak() {
        Disclosure d = new Disclosure().publicRate("a", 0.5).publicRate("b", 0.3).rate("diff", 0.2, 1)
                .hiddenCount("n", 2L).count("t", 7L, 1).count("m", 5L, 1).total("t", "m", "n");
        // n = t - m: hiding t or m protects it
        Disclosure.Result r = d.protect(5);
        assertEquals(1, r.secondary().size());
        Disclosure fixed = new Disclosure().publicRate("t", 7.0).publicRate("m", 5.0).hiddenCount("n", 2L);
        fixed.difference("n", "t", "m");
        assertThrows(Disclosure.CannotProtectException.class, () -> fixed.protect(5));
        assertThrows(IllegalArgumentException.class, () -> d.protect(0));
    }
}
