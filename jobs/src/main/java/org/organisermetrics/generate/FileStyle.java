package org.organisermetrics.generate;

import java.io.Serializable;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import org.organisermetrics.contract.Source;

/**
 * How one file is laid out: the valid-but-messy variations the landing contract allows (BOM,
 * CRLF, dd/MM/yyyy dates, codes in any case, booleans as yes/no/Y/1, columns in another order,
 * headers in another case with spaces). Every variation is still within the contract, so a correct
 * ingest loads every row and warns of nothing (no column outside the contract).
 */
record FileStyle(
        boolean bom,
        boolean crlf,
        /** DATE columns written dd/MM/yyyy ("*" = all of them). */
        Set<String> ukDateColumns,
        CodeCase codeCase,
        BoolStyle boolStyle,
        /** Column order as indices into the contract columns; null = contract order. */
        int[] order,
        String extraColumn,
        String extraValue,
        HeaderCase headerCase) implements Serializable {

    enum CodeCase { UPPER, LOWER, TITLE, MIXED }

    enum BoolStyle { TRUE_FALSE, YES_NO, Y_N, ONE_ZERO, MIXED }

    enum HeaderCase { AS_IS, UPPER, SPACED_TITLE }

    static final FileStyle PLAIN = new FileStyle(false, false, Set.of(), CodeCase.UPPER, BoolStyle.TRUE_FALSE, null,
            null, null, HeaderCase.AS_IS);

    boolean ukDate(String column) {
        return ukDateColumns.contains("*") || ukDateColumns.contains(column);
    }

    /**
     * The style of each file, fixed by source and month or part (not by seed), so the messiness
     * is the same in every generated landing zone and easy to find.
     */
    static FileStyle of(Source source, YearMonth month) {
        int m = month == null ? 0 : month.getMonthValue();
        return switch (source) {
            case SEATS -> new FileStyle(false, false, Set.of(), CodeCase.UPPER, BoolStyle.TRUE_FALSE, null, null,
                    null, HeaderCase.SPACED_TITLE);
            case WARDS -> new FileStyle(false, true, Set.of(), CodeCase.UPPER, BoolStyle.TRUE_FALSE, null, null, null,
                    HeaderCase.AS_IS);
            case COURSES -> new FileStyle(true, false, Set.of(), CodeCase.UPPER, BoolStyle.Y_N, null, null, null,
                    HeaderCase.AS_IS);
            case ELECTIONS -> new FileStyle(false, true, Set.of("*"), CodeCase.LOWER, BoolStyle.TRUE_FALSE, null,
                    null, null, HeaderCase.UPPER);
            case ORGANISERS -> new FileStyle(false, false, Set.of(), CodeCase.UPPER, BoolStyle.TRUE_FALSE,
                    new int[] {1, 2, 0}, null, null, HeaderCase.AS_IS);
            case ELECTORS -> new FileStyle(true, true, Set.of("*"), CodeCase.UPPER, BoolStyle.TRUE_FALSE, null, null,
                    null, HeaderCase.SPACED_TITLE);
            case MEMBERS -> new FileStyle(true, false, Set.of("joined_on"), CodeCase.UPPER, BoolStyle.TRUE_FALSE,
                    null, null, null, HeaderCase.AS_IS);
            case VOLUNTEERS -> new FileStyle(false, false, Set.of(), CodeCase.LOWER, BoolStyle.TRUE_FALSE,
                    shuffledOrder(source), null, null, HeaderCase.AS_IS);
            case TRAINING -> new FileStyle(false, m % 2 == 1, Set.of(), CodeCase.UPPER, BoolStyle.MIXED, null, null,
                    null, HeaderCase.AS_IS);
            case ACTIVITIES -> new FileStyle(false, false, m % 2 == 0 ? Set.of("*") : Set.of(), CodeCase.TITLE,
                    BoolStyle.TRUE_FALSE, null, null, null, HeaderCase.AS_IS);
            case CONTACTS -> new FileStyle(m % 3 == 0, m % 2 == 1, Set.of(), CodeCase.MIXED, BoolStyle.YES_NO, null,
                    null, null, m % 4 == 0 ? HeaderCase.UPPER : HeaderCase.AS_IS);
            case EVENTS -> new FileStyle(false, false, Set.of("*"), CodeCase.LOWER, BoolStyle.TRUE_FALSE, null, null,
                    null, HeaderCase.AS_IS);
            case COMMUNICATIONS -> new FileStyle(false, m % 2 == 0, Set.of(), CodeCase.TITLE, BoolStyle.TRUE_FALSE,
                    null, null, null, HeaderCase.AS_IS);
            case RESULTS -> new FileStyle(false, false, Set.of(), CodeCase.UPPER, BoolStyle.TRUE_FALSE, null, null,
                    null, HeaderCase.AS_IS);
            case MARKED_REGISTER -> new FileStyle(false, true, Set.of(), CodeCase.LOWER, BoolStyle.TRUE_FALSE, null,
                    null, null, HeaderCase.AS_IS);
            case EVENT_SIGNUPS -> new FileStyle(false, false, Set.of(), CodeCase.LOWER, BoolStyle.TRUE_FALSE, null,
                    null, null, HeaderCase.AS_IS);
            case PILOT_SEATS -> new FileStyle(false, false, Set.of("applied_on"), CodeCase.UPPER, BoolStyle.YES_NO,
                    null, null, null, HeaderCase.AS_IS);
            case AID -> new FileStyle(false, false, Set.of("*"), CodeCase.LOWER, BoolStyle.TRUE_FALSE, null, null,
                    null, HeaderCase.AS_IS);
        };
    }

    /** A fixed non-contract order: the columns reversed in pairs, key not first. */
    private static int[] shuffledOrder(Source source) {
        int n = source.columns().size();
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            idx.add(i);
        }
        Collections.rotate(idx, 3);
        return idx.stream().mapToInt(Integer::intValue).toArray();
    }
}
