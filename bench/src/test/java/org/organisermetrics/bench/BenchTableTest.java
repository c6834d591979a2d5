package org.organisermetrics.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class BenchTableTest {

    private static BenchTable twoStages() {
        return new BenchTable(List.of("stage", "wall s", "rows/s"))
                .row(List.of("ingest", "12.3", "1,500"))
                .row(List.of("write, all", "4.0", "-"));
    }

    @Test
    void text_pads_columns_and_right_aligns_numbers() {
        assertEquals(""
                + "stage       wall s  rows/s\n"
                + "----------  ------  ------\n"
                + "ingest        12.3   1,500\n"
                + "write, all     4.0       -\n", twoStages().text());
    }

    @Test
    void markdown_has_a_header_rule_with_numbers_right_aligned() {
        assertEquals(""
                + "| stage | wall s | rows/s |\n"
                + "|---|---:|---:|\n"
                + "| ingest | 12.3 | 1,500 |\n"
                + "| write, all | 4.0 | - |\n", twoStages().markdown());
    }

    @Test
    void csv_quotes_a_cell_with_a_comma() {
        assertEquals("stage,wall s,rows/s\ningest,12.3,\"1,500\"\n\"write, all\",4.0,-\n", twoStages().csv());
    }

    @Test
    void a_row_of_the_wrong_width_is_refused() {
        assertThrows(IllegalArgumentException.class, () -> new BenchTable(List.of("a", "b")).row(List.of("1")));
    }

    @Test
    void numbers_are_formatted_the_same_everywhere() {
        assertEquals("12.3", BenchTable.seconds(12_345));
        assertEquals("-", BenchTable.seconds(-1));
        assertEquals("0.042", BenchTable.millisAsSeconds(42));
        assertEquals("1.500", BenchTable.millisAsSeconds(1_500));
        assertEquals("-", BenchTable.millisAsSeconds(-1));
        assertEquals("18,234,001", BenchTable.count(18_234_001));
        assertEquals("512 B", BenchTable.bytes(512));
        assertEquals("1.5 KiB", BenchTable.bytes(1536));
        assertEquals("1.3 GiB", BenchTable.bytes(1_395_864_371L)); // 1.3 * 2^30
        // 3,000 rows in 1.5 s
        assertEquals("2,000", BenchTable.rate(3_000, 1_500));
        assertEquals("-", BenchTable.rate(3_000, 0));
        // 90 s against 40 s
        assertEquals("2.25x", BenchTable.ratio(90_000, 40_000));
        assertEquals("-", BenchTable.ratio(90_000, 0));
    }
}
