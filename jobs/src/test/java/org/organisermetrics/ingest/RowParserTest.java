package org.organisermetrics.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.organisermetrics.contract.Reason;
import org.organisermetrics.contract.Source;

/** The contract's row rules: each type, each range, each reason a single row can earn (no Spark). */
class RowParserTest {
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 1);

    /** Parses one row given as column=value pairs of the source (others empty). */
    private static RowParser.Parsed parse(Source source, String... pairs) {
        String[] values = new String[source.columns().size()];
        for (String pair : pairs) {
            int eq = pair.indexOf('=');
            int i = source.indexOf(pair.substring(0, eq));
            assertTrue(i >= 0, pair);
            values[i] = pair.substring(eq + 1);
        }
        return new RowParser(source, TODAY).parse(new LandingFile.Record(2, values, false, ""));
    }

    private static RowParser.Parsed activity(String date, String type, String hours) {
        return parse(Source.ACTIVITIES, "activity_id=A1", "volunteer_id=V1", "activity_date=" + date,
                "activity_type=" + type, "hours=" + hours, "seat_code=e14000001");
    }

    @Test
    void aValidRowIsTypedCodesUpperCasedAndSeatCodesUpperCased() {
        RowParser.Parsed p = activity(" 2025-01-31 ", "canvassing", "2.5");
        assertTrue(p.ok(), p.detail());
        assertEquals(LocalDate.of(2025, 1, 31), p.values()[Source.ACTIVITIES.indexOf("activity_date")]);
        assertEquals("CANVASSING", p.values()[Source.ACTIVITIES.indexOf("activity_type")]);
        assertEquals(2.5, p.values()[Source.ACTIVITIES.indexOf("hours")]);
        assertEquals("E14000001", p.values()[Source.ACTIVITIES.indexOf("seat_code")]);
    }

    @ParameterizedTest(name = "{0} reads as {1}")
    @CsvSource({"2025-02-03,2025-02-03", "03/02/2025,2025-02-03", "3/2/2025,2025-02-03", "29/02/2024,2024-02-29"})
    void datesAreIsoOrUkDayMonthYear(String text, String expected) {
        RowParser.Parsed p = activity(text, "OTHER", "1");
        assertTrue(p.ok(), p.detail());
        assertEquals(LocalDate.parse(expected), p.values()[Source.ACTIVITIES.indexOf("activity_date")]);
    }

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({"true,true", "FALSE,false", "yes,true", "No,false", "Y,true", "n,false", "1,true", "0,false"})
    void booleansInEveryContractSpelling(String text, boolean expected) {
        RowParser.Parsed p = parse(Source.COURSES, "course_code=C", "course_name=Course", "counts_as_trained=" + text);
        assertTrue(p.ok(), p.detail());
        assertEquals(expected, p.values()[2]);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', value = {
        "2025-13-01|CANVASSING|1|bad_date",
        "31/02/2025|CANVASSING|1|bad_date",
        "2025-01-05|KNOCKING|1|unknown_code",
        "2025-01-05|CANVASSING|lots|bad_number",
        "2025-01-05|CANVASSING|0|out_of_range",
        "2025-01-05|CANVASSING|24.5|out_of_range",
        "1989-12-31|CANVASSING|1|date_too_early",
        "2026-11-02|CANVASSING|1|future_date"})
    void eachBrokenValueEarnsItsReason(String date, String type, String hours, String reason) {
        RowParser.Parsed p = activity(date, type, hours);
        assertEquals(reason, p.reason().code(), p.detail());
        assertTrue(p.detail().contains(" = '"), "the detail names the column and value: " + p.detail());
    }

    /**
     * A rule is worded once: the row's detail, the contract doc's reason row and the column rule say
     * the same thing (the accepted true/false spellings; the hours range).
     */
    @Test
    void aRowsDetailUsesTheContractsWordingOfItsRule() {
        RowParser.Parsed maybe = parse(Source.COURSES, "course_code=C", "course_name=Course", "counts_as_trained=maybe");
        assertEquals("counts_as_trained = 'maybe': not true/false, yes/no, y/n, 1/0", maybe.detail());
        String doc = org.organisermetrics.contract.ContractDoc.markdown();
        assertTrue(doc.contains("| `bad_boolean` | not true/false, yes/no, y/n, 1/0 |"), "the reason's row in the contract doc");
        assertTrue(doc.contains("| true/false, yes/no, y/n, 1/0 (any case) |"), "the boolean column rule in the contract doc");

        RowParser.Parsed long_ = activity("2025-01-05", "CANVASSING", "24.5");
        assertEquals("hours = '24.5': must be 0 < hours <= 24", long_.detail());
        assertTrue(doc.contains("| decimal, 0 < hours <= 24 |"), "the hours column rule in the contract doc");
        assertEquals("a date before 1990-01-01", Reason.DATE_TOO_EARLY.rule());
        assertEquals("activity_date = '1989-12-31': before 1990-01-01", activity("1989-12-31", "OTHER", "1").detail());
    }

    @ParameterizedTest(name = "{0} rejects the whole file")
    @CsvSource({"05/13/2026", "5/13/2026", "12/31/2025", "02/29/2024"})
    void aDateThatIsOneOnlyMonthFirstRejectsTheFileNamingColumnAndValue(String text) {
        RowParser.MonthFirstDateException e = org.junit.jupiter.api.Assertions.assertThrows(
                RowParser.MonthFirstDateException.class, () -> activity(text, "OTHER", "1"));
        assertTrue(e.getMessage().startsWith("activity_date = '" + text + "' is a date only when read month first"), e.getMessage());
        assertTrue(e.getMessage().contains("export its dates as yyyy-MM-dd"), e.getMessage());
    }

    @ParameterizedTest(name = "{0} is {1}, not a month-first date")
    @CsvSource(delimiter = '|', value = {"02/30/2024|bad_date", "31/31/2025|bad_date", "05/13/26|bad_date", "11/05/2026|"})
    void aDateThatIsNoDateEitherWayIsOnlyARowsBadDate(String text, String reason) {
        RowParser.Parsed p = activity(text, "OTHER", "1");
        if (reason == null) {
            assertTrue(p.ok(), p.detail()); // 11 May 2026: day first, as the contract reads it
            assertEquals(LocalDate.of(2026, 5, 11), p.values()[Source.ACTIVITIES.indexOf("activity_date")]);
        } else {
            assertEquals(reason, p.reason().code(), p.detail());
        }
    }

    @Test
    void hoursOfExactly24AndTheRunDateItselfAreAccepted() {
        assertTrue(activity("2026-11-01", "OTHER", "24").ok());
    }

    @Test
    void aMissingRequiredValueIsNamed() {
        RowParser.Parsed p = activity("", "OTHER", "1");
        assertEquals(Reason.MISSING_VALUE, p.reason());
        assertEquals("activity_date is empty", p.detail());
    }

    @Test
    void countsAreWholeNonNegativeNumbers() {
        assertEquals(Reason.OUT_OF_RANGE, parse(Source.EVENTS, "event_id=E", "seat_code=S", "event_date=2025-01-01",
                "event_type=SOCIAL", "attendees=-3").reason());
        assertEquals(Reason.BAD_NUMBER, parse(Source.EVENTS, "event_id=E", "seat_code=S", "event_date=2025-01-01",
                "event_type=SOCIAL", "attendees=2.5").reason());
    }

    @Test
    void moneyIsNonNegativeWithTwoDecimals() {
        RowParser.Parsed ok = parse(Source.AID, "given_on=2025-01-01", "from_seat=A", "to_seat=B", "aid_type=cash", "value_gbp=12.345");
        assertEquals(new BigDecimal("12.35"), ok.values()[4]);
        assertEquals(Reason.OUT_OF_RANGE, parse(Source.AID, "given_on=2025-01-01", "from_seat=A", "to_seat=B",
                "aid_type=CASH", "value_gbp=-1").reason());
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({"99999999999999.994,ok", "99999999999999.995,out_of_range", "1e14,out_of_range", "1E13,ok",
        "1e999999999,out_of_range", "1e-999999999,ok"})
    void moneyHasAtMostFourteenDigitsBeforeThePoint(String text, String expected) {
        // Curated value_gbp is DECIMAL(16, 2): .995 rounds up to 100000000000000.00, fifteen digits.
        RowParser.Parsed p = parse(Source.AID, "given_on=2025-01-01", "from_seat=A", "to_seat=B", "aid_type=cash",
                "value_gbp=" + text);
        assertEquals(expected, p.ok() ? "ok" : p.reason().code(), p.detail());
    }

    @Test
    void moneyFarBelowAPennyIsZeroWithoutRoundingEveryDigit() {
        // 1e-999999999 has a billion-digit fraction: rounding it to pennies would build a number of a billion digits.
        RowParser.Parsed p = parse(Source.AID, "given_on=2025-01-01", "from_seat=A", "to_seat=B", "aid_type=cash",
                "value_gbp=1e-999999999");
        assertEquals(new BigDecimal("0.00"), p.values()[4]);
        RowParser.Parsed halfPenny = parse(Source.AID, "given_on=2025-01-01", "from_seat=A", "to_seat=B", "aid_type=cash",
                "value_gbp=0.005");
        assertEquals(new BigDecimal("0.01"), halfPenny.values()[4]); // half up, as before
    }

    @Test
    void monthsAreYearDashMonth() {
        RowParser.Parsed p = parse(Source.PILOT_SEATS, "seat_code=S", "cohort=C", "applied_on=2025-01-01",
                "selected=yes", "start_month=2025-03");
        assertTrue(p.ok(), p.detail());
        assertEquals(LocalDate.of(2025, 3, 1), p.values()[Source.PILOT_SEATS.indexOf("start_month")]);
        assertEquals(Reason.BAD_MONTH, parse(Source.PILOT_SEATS, "seat_code=S", "cohort=C", "applied_on=2025-01-01",
                "selected=yes", "start_month=March 2025").reason());
    }

    @Test
    void aSelectedPilotNeedsAStartMonthBeforeItsEnd() {
        assertEquals(Reason.BAD_PILOT_WINDOW, parse(Source.PILOT_SEATS, "seat_code=S", "cohort=C",
                "applied_on=2025-01-01", "selected=true").reason());
        assertEquals(Reason.BAD_PILOT_WINDOW, parse(Source.PILOT_SEATS, "seat_code=S", "cohort=C",
                "applied_on=2025-01-01", "selected=true", "start_month=2025-06", "end_month=2025-05").reason());
        assertTrue(parse(Source.PILOT_SEATS, "seat_code=S", "cohort=C", "applied_on=2025-01-01", "selected=false").ok(),
                "an applicant not selected needs no window");
    }

    @Test
    void votesAboveTheElectorateOnARowAreQuarantined() {
        assertEquals(Reason.VOTES_EXCEED_ELECTORATE, parse(Source.RESULTS, "election_id=GE", "area_code=S",
                "party_code=LAB", "votes=101", "electorate=100").reason());
    }

    @Test
    void theFirstBrokenRuleInContractOrderIsTheReason() {
        // activity_date (column 3) is checked before activity_type (column 4).
        assertEquals(Reason.BAD_DATE, activity("soon", "KNOCKING", "1").reason());
    }

    @Test
    void aMalformedRecordHasNoValues() {
        RowParser.Parsed p = new RowParser(Source.SEATS, TODAY).parse(new LandingFile.Record(5, new String[4], true, "a,b"));
        assertEquals(Reason.MALFORMED_ROW, p.reason());
        assertNull(p.values());
    }

    /**
     * The digit-by-digit reading of the common date shapes answers as the strict formatters do (the
     * formatters here are the test's own, written from the contract's two forms).
     */
    @ParameterizedTest
    @CsvSource(delimiter = ';', value = {
        "2025-03-14", "2024-02-29", "2023-02-29", "2025-04-31", "2025-13-01", "2025-00-10", "2025-01-00",
        "0000-01-01", "9999-12-31", "2025-1-01", "2025-01-1", "20250-01-01", "2025/01/01", "2025-0a-01", "+025-01-01",
        "14/03/2025", "1/3/2025", "01/03/2025", "31/4/2025", "29/02/2024", "29/2/2023", "0/1/2025", "1/0/2025",
        "001/02/2025", "1/002/2025", "1/2/25", "1/2/02025", "12/03-2025", "a/2/2025", "1//2025", "/1/2025",
        "32/01/2025", "1 /2/2025", "２０２５-01-01"})
    void datesAreReadAsTheStrictFormattersReadThem(String text) {
        java.time.format.DateTimeFormatter iso = java.time.format.DateTimeFormatter.ofPattern("uuuu-MM-dd")
                .withResolverStyle(java.time.format.ResolverStyle.STRICT);
        java.time.format.DateTimeFormatter uk = java.time.format.DateTimeFormatter.ofPattern("d/M/uuuu")
                .withResolverStyle(java.time.format.ResolverStyle.STRICT);
        LocalDate expected;
        try {
            expected = LocalDate.parse(text, text.contains("/") ? uk : iso);
        } catch (java.time.format.DateTimeParseException e) {
            expected = null;
        }
        assertEquals(expected, RowParser.parseDateOrNull(text), text);
    }
}
