package org.organisermetrics.contract;

import java.util.ArrayList;
import java.util.List;

/** The closed lists of DATA-CONTRACT.md, "Enumerations". Stored upper-case. */
public final class Codes {
    private Codes() {}

    public static final List<String> RECRUITMENT_SOURCE =
            List.of("DOORSTEP", "SURVEY", "EVENT", "REFERRAL", "ONLINE", "MEMBER", "OTHER");
    public static final List<String> ACTIVITY_TYPE = List.of("CANVASSING", "PHONE_BANK", "LEAFLETING", "EVENT",
            "SURVEY_DELIVERY", "DATA_ENTRY", "GOTV", "COMMUNITY_ACTION", "TRAINING_DELIVERY", "OTHER");
    public static final List<String> CONTACT_CHANNEL =
            List.of("DOOR", "PHONE", "STREET", "TEXT", "EMAIL", "SURVEY", "EVENT");
    public static final List<String> PARTIES = List.of("LAB", "CON", "LD", "GRN", "REF", "UKIP", "SNP", "PC", "OTH");
    /** NOT_HOME is an attempt, not a contact; REFUSED and NOT_HOME are not "stated" intentions. */
    public static final String NOT_HOME = "NOT_HOME";
    public static final String REFUSED = "REFUSED";
    public static final List<String> INTENTION = concat(PARTIES,
            List.of("AGAINST", "UNDECIDED", "WONT_VOTE", REFUSED, NOT_HOME));
    public static final List<String> EVENT_TYPE = List.of("COMMUNITY_CONFERENCE", "DISCUSSION", "SOCIAL", "SURGERY",
            "STREET_STALL", "TRAINING", "OTHER");
    public static final List<String> COMMUNICATION_CHANNEL = List.of("SMS", "EMAIL", "NEWSLETTER", "SURVEY", "CALL_ROUND");
    public static final String GENERAL = "GENERAL";
    public static final String BY_ELECTION = "BY_ELECTION";
    public static final String LOCAL = "LOCAL";
    public static final String MAYORAL = "MAYORAL";
    public static final List<String> ELECTION_TYPE = List.of(GENERAL, BY_ELECTION, LOCAL, MAYORAL);
    public static final List<String> VOTE_METHOD = List.of("IN_PERSON", "POSTAL", "PROXY");
    /** An event sign-up's outcome: signed up (no outcome recorded), attended, did not come, cancelled beforehand. */
    public static final String SIGNUP_SIGNED_UP = "SIGNED_UP";
    public static final String SIGNUP_ATTENDED = "ATTENDED";
    public static final String SIGNUP_NO_SHOW = "NO_SHOW";
    public static final String SIGNUP_CANCELLED = "CANCELLED";
    public static final List<String> SIGNUP_STATUS = List.of(SIGNUP_SIGNED_UP, SIGNUP_ATTENDED, SIGNUP_NO_SHOW, SIGNUP_CANCELLED);
    public static final List<String> AID_TYPE = List.of("CASH", "PRINTING", "MATERIALS", "TRANSPORT", "OTHER");

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return List.copyOf(all);
    }
}
