package org.organisermetrics.evaluate;


/**
 * The seat_month metrics the pilot evaluation judges, with the words a regional organiser uses for
 * them: "Pilot seats {verb} 3.1 more {noun} per month...".
 */
public enum PilotEvaluationMetric {
    RECRUITED("recruited", "recruited", "activists", "Recruited activists"),
    TRAINED("trained", "trained", "activists", "Trained activists"),
    ACTIVE("active", "had", "active volunteers", "Active volunteers"),
    CONVERSATIONS("conversations", "held", "conversations", "Conversations"),
    PROMISES_IDENTIFIED("promises_identified", "identified", "promises", "Promises identified");

    private final String column;
    private final String verb;
    private final String noun;
    private final String title;

    PilotEvaluationMetric(String column, String verb, String noun, String title) {
        this.column = column;
        this.verb = verb;
        this.noun = noun;
        this.title = title;
    }

    /** The seat_month column, and the value of pilot_evaluation.metric. */
    public String column() {
        return column;
    }

    public String verb() {
        return verb;
    }

    public String noun() {
        return noun;
    }

    /** A heading such as "Recruited activists". */
    public String title() {
        return title;
    }
}
