package org.organisermetrics.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Which elections the register's franchise markers allow; the expected table is the UK register's, written out here. */
class FranchiseTest {
    private static final List<String> PARLIAMENTARY = List.of(Codes.GENERAL, Codes.BY_ELECTION);
    private static final List<String> LOCAL_GOVERNMENT = List.of(Codes.LOCAL, Codes.MAYORAL);

    private static void votesIn(String markers, boolean parliament, boolean localGovernment) {
        PARLIAMENTARY.forEach(t -> assertEquals(parliament, Franchise.canVote(markers, t), "'" + markers + "' at " + t));
        LOCAL_GOVERNMENT.forEach(t -> assertEquals(localGovernment, Franchise.canVote(markers, t), "'" + markers + "' at " + t));
    }

    @Test
    void eachMarkerOfTheRegister() {
        votesIn(null, true, true);
        votesIn("", true, true);
        votesIn("   ", true, true);
        votesIn("F", true, false);  // overseas elector: UK Parliament only
        votesIn("L", false, true);  // peer: local government only
        votesIn("E", false, true);  // EU citizen
        votesIn("G", false, true);  // EU citizen
        votesIn("B", false, true);  // EU citizen confirmed by the review
        votesIn("K", false, true);  // qualifying foreign national
        votesIn("M", false, true);  // qualifying foreign national (Scotland)
        votesIn("Z", false, false); // under 16
        votesIn("N", true, true);   // anonymous entry
    }

    @Test
    void severalMarkersEachLimitTheElector() {
        votesIn("LF", false, false);
        votesIn("l f", false, false);
        votesIn("F,L", false, false);
        votesIn("G/E", false, true);
        votesIn("NF", true, false);
        votesIn("FX", true, false); // the unknown X limits nothing; F still does
    }

    @Test
    void anUnknownMarkerLimitsNothingAndIsNamed() {
        votesIn("X", true, true);
        assertEquals("X", Franchise.unknownMarkers("x"));
        assertEquals("X9", Franchise.unknownMarkers("X 9 X, F"));
        assertEquals("", Franchise.unknownMarkers("L F"));
        assertEquals("", Franchise.unknownMarkers(null));
    }

    @Test
    void anElectionTypeOutsideTheContractIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> Franchise.canVote("F", "REFERENDUM"));
        assertTrue(Franchise.isParliamentary("general"));
        assertFalse(Franchise.isParliamentary(Codes.MAYORAL));
    }

    /** The patterns Spark tests upper-case marker strings with say what canVote and unknownMarkers say. */
    @Test
    void thePatternsAgreeWithTheTable() {
        List<String> samples = List.of("", "F", "L", "E", "G", "B", "K", "M", "Z", "N", "X", "9", "L F", "F,N", "G/E",
                "FX", "NZ", "A", "P Q");
        for (String type : Codes.ELECTION_TYPE) {
            String barring = Franchise.barringPattern(type);
            for (String s : samples) {
                boolean barred = barring != null && Pattern.compile(barring).matcher(s).find();
                assertEquals(!Franchise.canVote(s, type), barred, "'" + s + "' at " + type + " with " + barring);
            }
        }
        Pattern unknown = Pattern.compile(Franchise.unknownPattern());
        for (String s : samples) {
            assertEquals(!Franchise.unknownMarkers(s).isEmpty(), unknown.matcher(s).find(), "'" + s + "'");
        }
        assertNull(Franchise.marker('x'));
        assertEquals('L', Franchise.marker('l').letter());
    }
}
