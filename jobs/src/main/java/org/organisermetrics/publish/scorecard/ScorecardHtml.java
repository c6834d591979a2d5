package org.organisermetrics.publish.scorecard;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.organisermetrics.publish.scorecard.Scorecard.AidFlow;
import org.organisermetrics.publish.scorecard.Scorecard.ElectionSeat;
import org.organisermetrics.publish.scorecard.Scorecard.Estimate;
import org.organisermetrics.publish.scorecard.Scorecard.LeagueRow;
import org.organisermetrics.publish.scorecard.Scorecard.PilotSeat;

/**
 * The scorecard as one self-contained HTML page: inline CSS and inline SVG charts, no script, no
 * font or image from anywhere else, laid out for a screen and for A4 paper. The markup is in the jte
 * templates of jobs/src/main/jte (page.jte and the pieces it calls), which the build compiles into
 * this package; this class gives them the figures, words and charts, and renders them. Every value a
 * template writes with {@code ${...}} is escaped for where it stands; the charts' {@link Svg} is the only
 * markup inserted as it is. Tables and cells carry stable classes and data- attributes (data-seat,
 * data-field, data-status) for tests and for anyone scraping the page.
 */
public final class ScorecardHtml {
    /** The templates, compiled into this package at build time (no compiler needed to render). */
    private static final TemplateEngine TEMPLATES = TemplateEngine.createPrecompiled(null, ContentType.Html,
            ScorecardHtml.class.getClassLoader(), ScorecardHtml.class.getPackageName());
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);
    private static final Map<String, String> METRIC_WORDS = new LinkedHashMap<>();
    /** The order of the statuses in the headline: the seats that need help first. */
    static final List<SeatStatus> WORST_FIRST = List.of(SeatStatus.OFF_TRACK, SeatStatus.WATCH, SeatStatus.ON_TRACK,
            SeatStatus.NO_TARGET);

    static {
        METRIC_WORDS.put("recruited", "Volunteers recruited");
        METRIC_WORDS.put("trained", "Volunteers trained");
        METRIC_WORDS.put("active", "Active volunteers");
        METRIC_WORDS.put("conversations", "Conversations");
        METRIC_WORDS.put("promises_identified", "Promises identified");
    }

    /**
     * The links a page carries after its header: the all-regions page lists each region's page (region name to
     * file name); a region's page links back to the all-regions page ({@code backTo}).
     */
    public record Links(Map<String, String> regionPages, String backTo) {
        /** No links (a page the report verb writes on its own). */
        public static final Links NONE = new Links(Map.of(), null);

        public static Links regionPages(Map<String, String> regionPages) {
            return new Links(regionPages, null);
        }

        public static Links backTo(String allRegionsPage) {
            return new Links(Map.of(), allRegionsPage);
        }
    }

    /** A chart and its caption, as the page shows it. */
    public record Figure(Charts.Chart chart, String caption) {}

    /**
     * One cohort's verdict on one measure, as the headline gives it, and beside it the cohort's event-study
     * chart when there is one (empty: no chart).
     */
    public record Verdict(Estimate estimate, Optional<Figure> eventStudy) {}

    /** A region's pilot seats and its two trend charts. */
    public record Region(String name, List<PilotSeat> seats, Figure recruited, Figure trained) {}

    private final Scorecard s;
    private final Links links;

    private ScorecardHtml(Scorecard s, Links links) {
        this.s = s;
        this.links = links;
    }

    /** The page with no links to other pages. */
    public static String render(Scorecard scorecard) {
        return render(scorecard, Links.NONE);
    }

    /** The page with the links it carries after its header. */
    public static String render(Scorecard scorecard, Links links) {
        return template("page.jte", new ScorecardHtml(scorecard, links));
    }

    /** One template (src/main/jte/{@code name}) rendered with its one parameter. */
    static String template(String name, Object parameter) {
        StringOutput out = new StringOutput(256 * 1024);
        TEMPLATES.render(name, parameter, out);
        return out.toString();
    }

    public Scorecard s() {
        return s;
    }

    public Links links() {
        return links;
    }

    public String title() {
        return "Pilot seats scorecard: " + Formats.month(s.month()) + s.region().map(r -> ", " + r).orElse("");
    }

    // ---------------------------------------------------------------- headline

    /** The statuses the headline counts: each, but "no target" only when a seat has it. */
    public List<SeatStatus> tally() {
        return WORST_FIRST.stream().filter(st -> st != SeatStatus.NO_TARGET || !s.seatsWith(st).isEmpty()).toList();
    }

    /** The pilot seats, those that need help first. */
    public List<PilotSeat> seatsWorstFirst() {
        List<PilotSeat> out = new ArrayList<>();
        WORST_FIRST.forEach(st -> out.addAll(s.seatsWith(st)));
        return out;
    }

    /** The evaluation's verdicts on recruited and trained, each cohort's, in the evaluation's order. */
    public List<Verdict> verdicts() {
        List<Estimate> shown = s.evaluation().estimates().stream()
                .filter(e -> e.metric().equals("recruited") || e.metric().equals("trained"))
                .toList();
        List<Verdict> out = new ArrayList<>();
        for (int i = 0; i < shown.size(); i++) {
            out.add(new Verdict(shown.get(i), eventStudy(shown.get(i), "event-study-" + (i + 1))));
        }
        return out;
    }

    /**
     * The cohort's event-study chart for the verdict's measure (pilot_event_study, the primary
     * comparison, at the evaluation month), when the warehouse holds its points.
     */
    private Optional<Figure> eventStudy(Estimate e, String id) {
        List<Scorecard.EventStudyPoint> points = s.evaluation().eventStudy(e.cohort(), e.metric());
        if (points.isEmpty()) {
            return Optional.empty();
        }
        Charts.Chart chart = Charts.eventStudy(id, "Cohort " + e.cohort() + ": " + metricWords(e.metric()) + ", month by month",
                metricWords(e.metric()), points);
        return Optional.of(new Figure(chart, "Pilot minus control seats each month, relative to the year before the pilot. "
                + "Before the start (left of the dashed line) the points should sit around 0 with no trend; "
                + "if they climb, the pilot seats were already pulling ahead and the verdict says so."));
    }

    public static String metricWords(String metric) {
        return METRIC_WORDS.getOrDefault(metric, metric);
    }

    // ---------------------------------------------------------------- regions

    /** Each region's pilot seats with its trend charts (ids region-1, region-2... in region order). */
    public List<Region> regions() {
        List<Region> out = new ArrayList<>();
        int r = 0;
        for (Map.Entry<String, List<PilotSeat>> region : s.seatsByRegion().entrySet()) {
            r++;
            out.add(trendCharts("region-" + r, region.getKey(), region.getValue()));
        }
        return out;
    }

    private Region trendCharts(String id, String region, List<PilotSeat> seats) {
        Scorecard.Trends t = s.trends();
        // "Nov 25", "Dec", "Jan 26", "Feb"...: the year only where it starts and at the first month, so 12 labels fit
        List<String> labels = new ArrayList<>();
        for (YearMonth m : t.months()) {
            labels.add(labels.isEmpty() || m.getMonthValue() == 1 ? Formats.shortMonth(m)
                    : m.getMonth().getDisplayName(TextStyle.SHORT, Locale.UK));
        }
        Map<String, long[]> recruited = new LinkedHashMap<>();
        Map<String, long[]> trained = new LinkedHashMap<>();
        for (PilotSeat p : seats) {
            recruited.put(p.seatName(), t.recruited().get(p.seatCode()));
            trained.put(p.seatName(), t.trained().get(p.seatCode()));
        }
        String span = labels.get(0) + " to " + labels.get(labels.size() - 1);
        return new Region(region, seats,
                new Figure(Charts.trend(id + "-recruited", "Volunteers recruited per month, " + region, "Volunteers recruited",
                        labels, recruited, t.controlRecruited(), t.controlSeats()),
                        "Each line is a pilot seat, " + span + ". The dashed grey line is the median of the " + t.controlSeats()
                                + " control seats (applicants that were not selected); the grey band holds their middle half."),
                new Figure(Charts.trend(id + "-trained", "Volunteers trained per month, " + region, "Volunteers trained", labels,
                        trained, t.controlTrained(), t.controlSeats()),
                        "Trained: a volunteer's first completed organiser-training session. Lines and band as above."));
    }

    /** actual as a whole percentage of target (target above 0). */
    public static long percent(long actual, long target) {
        return actual * 100 / target;
    }

    /** The colour of a pilot-to-date bar: the status its share of target alone would give. */
    public static String barClass(long actual, long target) {
        if (actual * 100 >= (long) SeatStatus.ON_TRACK_PERCENT * target) {
            return SeatStatus.ON_TRACK.cssClass();
        }
        return actual * 100 >= (long) SeatStatus.WATCH_PERCENT * target ? SeatStatus.WATCH.cssClass() : SeatStatus.OFF_TRACK.cssClass();
    }

    // ---------------------------------------------------------------- evaluation

    /** One difference-in-differences chart per measure (ids did-1, did-2...), captioned with its text alternative. */
    public List<Figure> differenceCharts() {
        Map<String, List<Estimate>> byMetric = new LinkedHashMap<>();
        for (Estimate e : s.evaluation().estimates()) {
            byMetric.computeIfAbsent(e.metric(), k -> new ArrayList<>()).add(e);
        }
        List<Figure> out = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, List<Estimate>> m : byMetric.entrySet()) {
            Charts.Chart chart = Charts.difference("did-" + (++i), metricWords(m.getKey()) + ": pilot minus controls",
                    "difference per seat per month", m.getValue());
            out.add(new Figure(chart, chart.description()));
        }
        return out;
    }

    /** Whether the interval includes 0, in words. */
    public static String chance(Estimate e) {
        if (e.ciLow() == null || e.ciHigh() == null) {
            return "too few seats to judge";
        }
        if (e.ciLow() <= 0 && e.ciHigh() >= 0) {
            return "yes: the interval includes 0";
        }
        return e.ciLow() > 0 ? "unlikely: pilot seats did better" : "unlikely: pilot seats did worse";
    }

    // ---------------------------------------------------------------- organiser league

    /** The month the league runs to (null: no league). */
    public YearMonth leagueTo() {
        return s.league().isEmpty() ? null : s.league().get(0).evaluationMonth();
    }

    public Figure leagueChart() {
        List<LeagueRow> rows = s.league();
        List<String> names = rows.stream().map(r -> r.organiserId() + " (" + r.region() + ")").toList();
        List<Double> recruited = rows.stream().map(LeagueRow::recruitsVsTarget).toList();
        List<Double> trained = rows.stream().map(LeagueRow::trainedVsTarget).toList();
        Charts.Chart chart = Charts.percentBars("league", "Organiser league, pilot to date: recruited and trained against target",
                "Organiser", "share of target, pilot to date", names, List.of("recruited against target", "trained against target"),
                List.of(recruited, trained), 1.0);
        return new Figure(chart, "Bars show each organiser's recruited (blue) and trained (orange) as a share of target; "
                + "the dashed line is the target (100%).");
    }

    // ---------------------------------------------------------------- events and election

    /** What the page shows of a seat's events and sign-ups. */
    public Disclosure.Result disclosure(Scorecard.SeatEvents seat) {
        return s.smallCounts().events(seat);
    }

    /** What the page shows of a seat's election figures. */
    public Disclosure.Result disclosure(ElectionSeat seat) {
        return s.smallCounts().election(seat);
    }

    /** True when the election section has a table: an election with seats. */
    public boolean hasElection() {
        return s.election().electionId() != null && !s.election().seats().isEmpty();
    }

    /** Promise turnout against register turnout, seat by seat; a seat whose promise turnout is hidden or missing has no bar. */
    public Figure electionChart() {
        Scorecard.Election e = s.election();
        List<String> names = new ArrayList<>();
        List<Double> promise = new ArrayList<>();
        List<Double> register = new ArrayList<>();
        for (ElectionSeat seat : e.seats()) {
            Disclosure.Result d = disclosure(seat);
            boolean hidden = d.suppressed(SmallCounts.PROMISE_TURNOUT);
            boolean none = d.noData(SmallCounts.PROMISE_TURNOUT);
            names.add(seat.seatName() + (hidden ? " (hidden)" : none ? " (no data)" : ""));
            promise.add(hidden || none ? null : seat.promiseTurnout());
            register.add(seat.registerTurnout());
        }
        Charts.Chart chart = Charts.percentBars("election", "Promise turnout against register turnout, " + e.electionId(),
                "Seat", "turnout", names, List.of("promise turnout", "register turnout"), List.of(promise, register), null);
        return new Figure(chart, "Blue: turnout of our promises; orange: turnout of the whole register, seat by seat. "
                + "A seat whose promise turnout is hidden or has no data has no blue bar.");
    }

    // ---------------------------------------------------------------- mutual aid

    public Figure aidChart() {
        Scorecard.MutualAid aid = s.mutualAid();
        List<String> names = aid.flows().stream().map(f -> f.giverName() + " → " + f.receiverName()).toList();
        Charts.Chart chart = Charts.countBars("aid", "Largest mutual aid flows, " + aid.year(),
                "From → to", "volunteer hours", names, aid.flows().stream().map(AidFlow::hours).toList());
        return new Figure(chart, "Volunteer hours given by the first seat's volunteers in the second seat, largest first.");
    }

    // ---------------------------------------------------------------- bits

    /** A symbol beside the colour, so the status never rests on colour alone. */
    public static String symbol(SeatStatus st) {
        return switch (st) {
            case ON_TRACK -> "✓";
            case WATCH -> "!";
            case OFF_TRACK -> "✕";
            case NO_TARGET -> "–";
        };
    }

    public static String day(LocalDate d) {
        return d.format(DAY);
    }
}
