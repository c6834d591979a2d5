package org.organisermetrics.metrics;

import java.time.LocalDate;

/**
 * What a metric run needs to know besides the data. Every metric table carries {@code runId}.
 *
 * @param runId              the run that makes the tables
 * @param ownParty           P in METRICS.md: the party whose organising is measured (default LAB)
 * @param fromMonth          first month of the run (first day of the month)
 * @param toMonth            last month of the run (first day of the month)
 * @param shortCampaignDays  the short campaign before polling day (default 28)
 * @param oneWayHours        mutual aid: hours in one direction that make a pair one-way when the other gave 0 (default 100)
 */
public record MetricSettings(String runId, String ownParty, LocalDate fromMonth, LocalDate toMonth,
                             int shortCampaignDays, double oneWayHours) {

    public static final int DEFAULT_SHORT_CAMPAIGN_DAYS = 28;
    public static final double DEFAULT_ONE_WAY_HOURS = 100.0;
    /**
     * Published reports hide a count of 1 to this - 1 people where it could reveal an individual's voting
     * intention or turnout, and every figure that gives it back (report.Disclosure; ARCHITECTURE.md, Privacy). The report verb's
     * {@code --suppress-below} overrides it.
     */
    public static final int DEFAULT_SMALL_COUNT_THRESHOLD = 5;

    /** The last day of the run's last month. */
    public LocalDate lastDay() {
        return toMonth.plusMonths(1).minusDays(1);
    }
}
