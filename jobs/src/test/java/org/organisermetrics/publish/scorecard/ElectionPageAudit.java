package org.organisermetrics.publish.scorecard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * An attacker's reading of a published page's election table, written apart from the report code:
 * for each seat, take every number the page shows (promises P, promises who voted V, promise
 * turnout R, register turnout T, difference D = R - T, and the chart's text alternative) and work
 * out what follows: R from D + T; V from R x P; P from V / R; the promises who did not vote from
 * P - V. No hidden cell may follow, no count of 1 to threshold - 1 people may be shown or follow,
 * and the chart must not draw or describe a hidden turnout. Rounded percentages are taken as exact
 * (a stronger attacker than the page allows).
 */
final class ElectionPageAudit {
    private ElectionPageAudit() {}

    /** Checks every seat row of the page's election table; returns how many rows had a hidden cell. */
    static int assertNothingHiddenCanBeWorkedOut(Document page, int threshold) {
        Element table = page.selectFirst("table.election");
        if (table == null) {
            return 0;
        }
        Element desc = page.selectFirst("svg#election desc");
        assertNotNull(desc, "the election chart's text alternative");
        int withHidden = 0;
        for (Element row : table.select("tbody tr")) {
            String seat = row.attr("data-seat");
            String name = row.selectFirst("th").text();
            Double p = number(row, "promises");
            Double v = number(row, "promises_voted");
            Double r = number(row, "promise_turnout");
            Double t = number(row, "register_turnout");
            Double d = number(row, "promise_turnout_lift");
            boolean hiddenP = hidden(row, "promises");
            boolean hiddenV = hidden(row, "promises_voted");
            boolean hiddenR = hidden(row, "promise_turnout");
            boolean hiddenD = hidden(row, "promise_turnout_lift");
            assertFalse(hidden(row, "register_turnout"), seat + ": register turnout is public");
            if (hiddenP || hiddenV || hiddenR || hiddenD) {
                withHidden++;
            }
            for (Double shownCount : new Double[] {p, v}) {
                if (shownCount != null) {
                    assertTrue(shownCount == 0 || shownCount >= threshold, seat + ": a count of 1 to " + (threshold - 1) + " is shown");
                }
            }
            // what follows from the shown numbers, repeated until nothing new follows
            boolean knowP = p != null;
            boolean knowV = v != null;
            boolean knowR = r != null;
            boolean knowD = d != null;
            boolean knowT = t != null;
            for (int pass = 0; pass < 4; pass++) {
                knowR |= knowD && knowT;
                knowD |= knowR && knowT;
                knowV |= knowR && knowP;
                knowP |= knowR && knowV && (r == null || r > 0);
                knowR |= knowP && knowV;
            }
            if (hiddenP) {
                assertFalse(knowP, seat + ": the hidden promises follow from the shown figures");
            }
            if (hiddenV) {
                assertFalse(knowV, seat + ": the hidden promises who voted follow from the shown figures");
            }
            if (hiddenR) {
                assertFalse(knowR, seat + ": the hidden promise turnout follows from the shown figures");
            }
            if (hiddenD) {
                assertFalse(knowD, seat + ": the hidden difference follows from the shown figures");
            }
            if (knowP && knowV) {
                if (p == null || v == null) {
                    fail(seat + ": promises and promises who voted both follow, so the promises who did not vote do too");
                }
                double didNotVote = p - v;
                assertTrue(didNotVote == 0 || didNotVote >= threshold,
                        seat + ": " + p + " - " + v + " promises who did not vote, worked out by subtraction");
            }
            // the chart: a hidden turnout is neither described nor drawn
            String text = desc.text();
            if (hiddenR) {
                assertTrue(text.contains(name + " (hidden): promise turnout not shown"), seat + ": " + text);
            } else if (r != null) {
                assertTrue(text.contains(name + ": promise turnout " + cell(row, "promise_turnout").text()), seat + ": " + text);
            }
        }
        return withHidden;
    }

    private static Element cell(Element row, String field) {
        Element cell = row.selectFirst("[data-field=" + field + "]");
        assertNotNull(cell, row.attr("data-seat") + " " + field);
        return cell;
    }

    private static boolean hidden(Element row, String field) {
        Element c = cell(row, field);
        boolean hidden = c.text().equals("hidden");
        assertEquals(hidden, c.hasClass("suppressed"), row.attr("data-seat") + " " + field + ": the mark and the class agree");
        return hidden;
    }

    /** The shown number, or null when the cell is hidden or has no data ("–"). 83% -> 0.83, +23 pts -> 0.23. */
    static Double number(Element row, String field) {
        String text = cell(row, field).text().trim();
        if (text.equals("hidden") || text.equals("–")) {
            return null;
        }
        if (text.endsWith("%")) {
            return Double.parseDouble(text.substring(0, text.length() - 1).replace(",", "")) / 100;
        }
        if (text.endsWith(" pts")) {
            String n = text.substring(0, text.length() - 4).replace("+", "").replace("−", "-");
            return Double.parseDouble(n) / 100;
        }
        return Double.parseDouble(text.replace(",", ""));
    }
}
