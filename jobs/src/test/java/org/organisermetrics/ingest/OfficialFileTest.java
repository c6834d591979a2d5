package org.organisermetrics.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.organisermetrics.contract.BadInputException;
import org.organisermetrics.contract.Source;
import org.organisermetrics.testing.Fixtures;

/** Reading House of Commons Library files as published, without Spark: layouts, party codes, electorates. */
class OfficialFileTest {
    static final String GE2010 = "candidate-level-results-general-election-06-05-2010.csv";
    static final String GE2015 = "candidate-level-results-general-election-07-05-2015.csv";
    static final String GE2015_LIBRARY = "hoc-ge2015-results-full.csv";
    static final String GE2017_LIBRARY = "HoC-GE2017-results-by-candidate.csv";
    static final String GE2017_CONSTITUENCIES = "HoC-GE2017-constituency-results.csv";
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 1);

    static byte[] bytes(String file) throws IOException {
        return Files.readAllBytes(Fixtures.resource("official/" + file));
    }

    static OfficialFile read(String file) throws IOException {
        try (InputStream in = new ByteArrayInputStream(bytes(file))) {
            return OfficialFile.read("official_results/" + file, in);
        }
    }

    private static Object value(Row r, Source source, String column) {
        return r.get(ParsedRows.schema(source).fieldIndex(column));
    }

    @Test
    void recognisesEachPublishedLayoutByItsHeader() throws IOException {
        assertEquals(OfficialLayout.HOC_RESULTS_SITE, read(GE2010).layout());
        assertEquals(4150, read(GE2010).candidates().size());
        OfficialFile library = read(GE2015_LIBRARY); // CRLF line ends
        assertEquals(OfficialLayout.HOC_LIBRARY_CANDIDATES, library.layout());
        assertEquals(3971, library.candidates().size());
        assertEquals(List.of(LocalDate.of(2015, 5, 7)), library.pollingDates()); // from the year in its name
        OfficialFile constituencies = read(GE2017_CONSTITUENCIES);
        assertEquals(OfficialLayout.HOC_LIBRARY_CONSTITUENCIES, constituencies.layout());
        assertEquals(0, constituencies.candidates().size());
        assertEquals("70616", constituencies.electorates().get("E14000657"));
    }

    @Test
    void aByteOrderMarkChangesNothing() throws IOException {
        byte[] plain = bytes(GE2015_LIBRARY);
        byte[] withBom = new byte[plain.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(plain, 0, withBom, 3, plain.length);
        OfficialFile f = OfficialFile.read("official_results/" + GE2015_LIBRARY, new ByteArrayInputStream(withBom));
        assertEquals(OfficialLayout.HOC_LIBRARY_CANDIDATES, f.layout());
        assertEquals(read(GE2015_LIBRARY).candidates(), f.candidates());
    }

    @Test
    void aFileInAnUnknownLayoutIsRejectedNamingIt() {
        // The header of the Library's 1918-2017 constituency file, a layout this program does not read.
        String csv = "\uFEFFconstituency_id,seats,constituency,country/region,electorate,con_votes\r\nE14000530,1,ALDERSHOT,South East,71469,21203\r\n";
        BadInputException e = assertThrows(BadInputException.class, () -> OfficialFile.read("official_results/1918-2017election_results.csv",
                new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8))));
        assertTrue(e.getMessage().startsWith("official_results/1918-2017election_results.csv:1: not an official results layout"), e.getMessage());
        List<String> problems = OfficialFile.check("official_results/x.csv", new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).startsWith("official_results/x.csv:1:"), problems.get(0));
    }

    @Test
    void anOlderFileWhoseNameNamesNoElectionIsRejected() throws IOException {
        List<String> problems = OfficialFile.check("official_results/results-by-candidate.csv",
                new ByteArrayInputStream(bytes(GE2017_LIBRARY)));
        assertEquals(1, problems.size());
        assertTrue(problems.get(0).contains("results-by-candidate.csv") && problems.get(0).contains("no polling date"), problems.get(0));
    }

    @Test
    void pollingDatesFromFileNames() {
        assertEquals(LocalDate.of(2010, 5, 6), OfficialFile.pollingDateFromName("x/" + GE2010));
        assertEquals(LocalDate.of(2015, 5, 7), OfficialFile.pollingDateFromName(GE2015_LIBRARY));
        assertEquals(LocalDate.of(2019, 12, 12), OfficialFile.pollingDateFromName("HoC-GE2019-results-by-candidate.csv"));
        assertNull(OfficialFile.pollingDateFromName("HoC-GE2018-results.csv"), "no general election in 2018");
        assertNull(OfficialFile.pollingDateFromName("1918-2017election_results.csv"), "two years: which one?");
    }

    @Test
    void partyCodes() {
        PartyCodes codes = PartyCodes.defaultCodes();
        assertEquals("LAB", codes.code("Lab", false, false));
        assertEquals("LAB", codes.code("Lab Co-op", false, false));
        assertEquals("CON", codes.code("Con", false, false));
        assertEquals("GRN", codes.code("Green", false, false));
        assertEquals("REF", codes.code("Brexit", false, false));
        assertEquals("REF", codes.code("RUK", false, false));
        assertEquals("SPK", codes.code("", true, false));
        assertEquals("SPK", codes.code("Spk", false, false));
        assertEquals("IND", codes.code("", false, true));
        assertEquals("IND", codes.code("Ind", false, false));
        assertEquals("ENG DEM", codes.code("Eng Dem", false, false));
        assertEquals("M&S", codes.code("m&amp;s", false, false), "HTML references are decoded");
        PartyCodes extended = PartyCodes.withSetting("Alliance=apni; Lib=LD");
        assertEquals("APNI", extended.code("Alliance", false, false));
        assertEquals("LD", extended.code("Lib", false, false));
        assertThrows(IllegalArgumentException.class, () -> PartyCodes.withSetting("Lib"));
    }

    @Test
    void htmlReferencesInNamesAreDecoded() {
        assertEquals("Christian Party, Proclaiming Christ's Lordship",
                HtmlEntities.decode("Christian Party, Proclaiming Christ&#39;s Lordship"));
        assertEquals("Justice for Men & Boys", HtmlEntities.decode("Justice for Men &amp; Boys"));
        assertEquals("Ó Dochartaigh", HtmlEntities.decode("&#xD3; Dochartaigh"));
        assertEquals("&unknown; stays", HtmlEntities.decode("&unknown; stays"));
    }

    @Test
    void theSpeakerAndTwoIndependentsInOneSeat() throws IOException {
        OfficialResults r = OfficialResults.of(List.of(read(GE2015)), Map.of(), TODAY, PartyCodes.defaultCodes());
        // Buckingham (E14000608), John Bercow standing as Speaker, 34,617 votes.
        Map<String, Long> buckingham = votesByParty(r, "E14000608");
        assertEquals(34617L, buckingham.get("SPK"));
        // Blackpool South (E14000573): independents Andy Higgins 655 and Lawrence Chard 73.
        Map<String, Long> blackpool = votesByParty(r, "E14000573");
        assertEquals(655L, blackpool.get("IND1"));
        assertEquals(73L, blackpool.get("IND2"));
        assertNull(blackpool.get("IND"));
        // A seat with one independent keeps the plain code: Dagenham and Rainham, Terry London 133 (54-column file).
        assertEquals(133L, votesByParty(r, "E14000657").get("IND"));
    }

    @Test
    void theElectionIsNewOrTheLandingZonesOwn() throws IOException {
        OfficialResults added = OfficialResults.of(List.of(read(GE2015)), Map.of(), TODAY, PartyCodes.defaultCodes());
        assertEquals(1, added.electionRows().size());
        Row election = added.electionRows().get(0);
        assertEquals("GE2015-05-07", value(election, Source.ELECTIONS, "election_id"));
        assertEquals("GENERAL", value(election, Source.ELECTIONS, "election_type"));
        assertEquals(LocalDate.of(2015, 5, 7), value(election, Source.ELECTIONS, "polling_date"));
        OfficialResults reused = OfficialResults.of(List.of(read(GE2015)), Map.of(LocalDate.of(2015, 5, 7), "GE2015"),
                TODAY, PartyCodes.defaultCodes());
        assertEquals(0, reused.electionRows().size());
        assertTrue(reused.resultRows().stream().allMatch(x -> "GE2015".equals(value(x, Source.RESULTS, "election_id"))));
    }

    @Test
    void anOlderFileTakesItsElectorateFromAnotherFileOfTheSameElection() throws IOException {
        OfficialResults r = OfficialResults.of(List.of(read(GE2017_LIBRARY), read(GE2017_CONSTITUENCIES)), Map.of(), TODAY,
                PartyCodes.defaultCodes());
        assertEquals(3304, r.resultRows().size());
        assertTrue(r.resultRows().stream().allMatch(x -> value(x, Source.RESULTS, ParsedRows.REASON) == null));
        Row lab = r.resultRows().stream().filter(x -> "E14000657".equals(value(x, Source.RESULTS, "area_code"))
                && "LAB".equals(value(x, Source.RESULTS, "party_code"))).findFirst().orElseThrow();
        assertEquals(22958L, value(lab, Source.RESULTS, "votes"));
        assertEquals(70616L, value(lab, Source.RESULTS, "electorate"));
        assertEquals("GE2017-06-08", value(lab, Source.RESULTS, "election_id"));
    }

    @Test
    void withoutAnElectorateAnywhereTheRowsAreQuarantined() throws IOException {
        OfficialResults r = OfficialResults.of(List.of(read(GE2015_LIBRARY)), Map.of(), TODAY, PartyCodes.defaultCodes());
        assertEquals(3971, r.resultRows().size());
        Row first = r.resultRows().get(0);
        assertEquals("missing_value", value(first, Source.RESULTS, ParsedRows.REASON));
        assertEquals("electorate: official_results/hoc-ge2015-results-full.csv has no electorate and no other official file"
                + " of the 2015-05-07 general election gives one for W07000049", value(first, Source.RESULTS, ParsedRows.DETAIL));
        assertTrue(r.resultRows().stream().allMatch(x -> "missing_value".equals(value(x, Source.RESULTS, ParsedRows.REASON))));
    }

    @Test
    void theResultsSiteFileGivesTheCandidatesWhenBothLayoutsOfOneElectionAreThere() throws IOException {
        OfficialResults r = OfficialResults.of(List.of(read(GE2015_LIBRARY), read(GE2015)), Map.of(), TODAY,
                PartyCodes.defaultCodes());
        assertEquals(3971, r.resultRows().size(), "each candidate once, not once per file");
        assertTrue(r.resultRows().stream().allMatch(x -> ((String) value(x, Source.RESULTS, ParsedRows.FILE)).endsWith(GE2015)));
    }

    private static Map<String, Long> votesByParty(OfficialResults r, String area) {
        return r.resultRows().stream().filter(x -> area.equals(value(x, Source.RESULTS, "area_code")))
                .collect(Collectors.toMap(x -> (String) value(x, Source.RESULTS, "party_code"),
                        x -> (Long) value(x, Source.RESULTS, "votes")));
    }
}
