package org.organisermetrics.publish.catalogue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptTest {

    @Test
    void splitsAtSemicolonsOutsideStringsNamesAndComments() {
        String sql = "-- a; comment\nSELECT 'a;b' AS \"x;y\"; /* c;\n d */ SELECT $$e;f$$;\n\n-- only a comment;\n";
        List<SqlScript.Statement> s = SqlScript.split(sql);
        assertEquals(2, s.size());
        assertEquals("-- a; comment\nSELECT 'a;b' AS \"x;y\"", s.get(0).sql());
        assertEquals(2, s.get(0).codeLine());
        assertEquals(" /* c;\n d */ SELECT $$e;f$$", s.get(1).sql());
        assertEquals(3, s.get(1).codeLine(), "code starts after the two-line comment");
        assertEquals(4, s.get(1).fileLine(2), "DuckDB counts from the code: its LINE 2 of statement 2 is file line 4");
    }

    @Test
    void aLastStatementNeedsNoSemicolonAndDoubledQuotesStayInside() {
        List<SqlScript.Statement> s = SqlScript.split("SELECT 'it''s; fine'\n");
        assertEquals(1, s.size());
        assertEquals("SELECT 'it''s; fine'\n", s.get(0).sql());
    }
}
