package org.organisermetrics.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class IdentityKeysTest {

    @Test
    void namesLoseCaseAccentsAndPunctuation() {
        assertEquals("zoe|obrien|SW1A1AA", IdentityKeys.namePostcode("Zoë", "O'Brien", "sw1a 1aa"));
        assertEquals("annemarie|jurgen|M11AE", IdentityKeys.namePostcode(" ANNE-MARIE ", "Jürgen", "M1\t1AE"));
        assertNull(IdentityKeys.namePostcode("123", "Smith", "M1 1AE"), "no letters left in the first name");
        assertNull(IdentityKeys.namePostcode("Ann", "Smith", "  "), "no postcode");
        assertNull(IdentityKeys.namePostcode(null, "Smith", "M1 1AE"));
    }

    /** The ASCII shortcut gives what the Unicode path (NFD, marks removed, lower case, letters kept) gives. */
    @Test
    void asciiShortcutAgreesWithTheUnicodePath() {
        List<String> names = List.of("Smith", "o'neill", "MACDONALD", "Smith-Jones", "  Ann  Marie ", "d'Arcy 2nd",
                "Zz", "A.B.", "@#!", "Éloïse", "Ångström", "Dvořák", "Łukasz", "Straße", "Renée", "İpek");
        for (String n : names) {
            String viaUnicode = Normalizer.normalize(n, Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                    .toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
            String expected = viaUnicode.isEmpty() ? null : viaUnicode + "|x|P";
            assertEquals(expected, IdentityKeys.namePostcode(n, "x", "p"), n);
        }
    }

    @Test
    void phonesAndEmails() {
        assertEquals("07700900123", IdentityKeys.phone("+44 7700 900123"));
        assertEquals("07700900123", IdentityKeys.phone("0044 (0)7700-900123".replace("(0)", "")));
        assertEquals("07700900123", IdentityKeys.phone("07700 900 123"));
        assertNull(IdentityKeys.phone("12345"));
        assertEquals("ann@example.org", IdentityKeys.email("  Ann@Example.ORG "));
        assertNull(IdentityKeys.email("not an address"));
    }
}
