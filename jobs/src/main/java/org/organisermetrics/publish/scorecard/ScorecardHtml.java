package org.organisermetrics.publish.scorecard;

import static org.organisermetrics.publish.scorecard.Html.escape;

import java.time.LocalDate;
import java.time.YearMonth;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.organisermetrics.publish.scorecard.Scorecard.AidFlow;
import org.organisermetrics.publish.scorecard.Scorecard.AidPair;
import org.organisermetrics.publish.scorecard.Scorecard.ElectionSeat;
import org.organisermetrics.publish.scorecard.Scorecard.Estimate;
import org.organisermetrics.publish.scorecard.Scorecard.LeagueRow;
import org.organisermetrics.publish.scorecard.Scorecard.PilotSeat;

/**
 * The scorecard as one self-contained HTML page: inline CSS and inline SVG charts, no script, no
 * font or image from anywhere else, laid out for a screen and for A4 paper. Every text is escaped.
 * Tables and cells carry stable classes and data- attributes (data-seat, data-field, data-status)
 * for tests and for anyone scraping the page.
 */
public final class ScorecardHtml {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMMM yyyy", Locale.UK);
    private static final Map<String, String> METRIC_WORDS = new LinkedHashMap<>();

    static {
        METRIC_WORDS.put("recruited", "Volunteers recruited");
        METRIC_WORDS.put("trained", "Volunteers trained");
        METRIC_WORDS.put("active", "Active volunteers");
        METRIC_WORDS.put("conversations", "Conversations");
        METRIC_WORDS.put("promises_identified", "Promises identified");
    }

    private final Scorecard s;
    private final StringBuilder out = new StringBuilder(256 * 1024);

    private ScorecardHtml(Scorecard s) {
        this.s = s;
    }

    public static String render(Scorecard scorecard) {
        return new ScorecardHtml(scorecard).page();
    }

    private String page() {
        String title = "Pilot seats scorecard: " + Formats.month(s.month()) + s.region().map(r -> ", " + r).orElse("");
        out.append("<!DOCTYPE html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<meta name=\"generator\" content=\"organiser-metrics report\">\n")
                .append("<title>").append(escape(title)).append("</title>\n<style>").append(CSS).append("</style>\n")
                .append("</head>\n<body>\n<main>\n");
        out.append("<header><h1>").append(escape(title)).append("</h1>\n<p class=\"meta\">")
                .append(s.region().map(r -> "Region: " + escape(r)).orElse("All regions"))
                .append(" · figures to the end of ").append(escape(Formats.month(s.month())))
                .append(" · run ").append(escape(s.runId())).append("</p></header>\n");
        headline();
        regions();
        events();
        evaluation();
        league();
        election();
        mutualAid();
        about();
        out.append("</main>\n</body>\n</html>\n");
        return out.toString();
    }

    // ---------------------------------------------------------------- headline

    private void headline() {
        out.append("<section id=\"headline\" class=\"headline\">\n<h2>At a glance</h2>\n");
        int n = s.pilotSeats().size();
        if (n == 0) {
            out.append("<p>No seat was a pilot seat in ").append(escape(Formats.month(s.month()))).append(".</p>\n");
        } else {
            out.append("<div class=\"tally\">");
            for (SeatStatus st : List.of(SeatStatus.OFF_TRACK, SeatStatus.WATCH, SeatStatus.ON_TRACK, SeatStatus.NO_TARGET)) {
                int k = s.seatsWith(st).size();
                if (k == 0 && st == SeatStatus.NO_TARGET) {
                    continue;
                }
                out.append("<div class=\"tile ").append(st.cssClass()).append("\" data-status=\"").append(st.cssClass())
                        .append("\"><span class=\"n\">").append(k).append("</span> <span class=\"label\">")
                        .append(symbol(st)).append(' ').append(escape(st.words())).append("</span></div>");
            }
            out.append("</div>\n<p class=\"lead\">Of ").append(n).append(" pilot seat").append(n == 1 ? "" : "s")
                    .append(", judged on volunteers recruited and trained against target over the pilot to date:</p>\n");
            out.append("<ul class=\"why\">\n");
            for (SeatStatus st : List.of(SeatStatus.OFF_TRACK, SeatStatus.WATCH, SeatStatus.ON_TRACK, SeatStatus.NO_TARGET)) {
                for (PilotSeat p : s.seatsWith(st)) {
                    out.append("<li data-seat=\"").append(escape(p.seatCode())).append("\">")
                            .append(badge(st)).append(" <strong>").append(escape(p.seatName())).append("</strong> <span class=\"region\">(")
                            .append(escape(p.region())).append(")</span>: <span class=\"reason\">")
                            .append(escape(p.assessment().reason())).append("</span></li>\n");
                }
            }
            out.append("</ul>\n");
        }
        List<Estimate> main = s.evaluation().estimates().stream()
                .filter(e -> e.metric().equals("recruited") || e.metric().equals("trained")).toList();
        if (!main.isEmpty()) {
            out.append("<div class=\"verdict\"><h3>Is the pilot working? Evaluation to ")
                    .append(escape(Formats.month(s.evaluation().evaluationMonth())))
                    .append(s.region().isPresent() ? " <small>(every pilot seat of the cohort, all regions)</small>" : "")
                    .append("</h3>\n");
            for (Estimate e : main) {
                out.append("<p data-cohort=\"").append(escape(e.cohort())).append("\" data-metric=\"").append(escape(e.metric()))
                        .append("\"><strong>").append(escape(METRIC_WORDS.getOrDefault(e.metric(), e.metric())))
                        .append(", cohort ").append(escape(e.cohort())).append(":</strong> ")
                        .append(escape(e.verdict())).append("</p>\n");
            }
            out.append("</div>\n");
        }
        out.append("</section>\n");
    }

    // ---------------------------------------------------------------- regions

    private void regions() {
        Map<String, List<PilotSeat>> byRegion = s.seatsByRegion();
        if (byRegion.isEmpty()) {
            return;
        }
        out.append("<section id=\"pilot-seats\">\n<h2>Pilot seats by region</h2>\n")
                .append("<p class=\"note\">Recruited and trained: volunteers whose home seat it is, against the pilot's monthly target; "
                        + "pilot to date adds up the seat's pilot months the warehouse holds, up to this month. Activation rate: volunteers active in the last "
                        + "90 days / helper pool. Retention: of those active three months ago, the share active since. "
                        + "Conversation rate: conversations / contacts this month. Status rule at the end of the page.</p>\n");
        int r = 0;
        for (Map.Entry<String, List<PilotSeat>> region : byRegion.entrySet()) {
            r++;
            out.append("<section class=\"region\" data-region=\"").append(escape(region.getKey())).append("\">\n<h3>")
                    .append(escape(region.getKey())).append("</h3>\n");
            seatTable(region.getKey(), region.getValue());
            trendCharts("region-" + r, region.getKey(), region.getValue());
            out.append("</section>\n");
        }
        out.append("</section>\n");
    }

    private void seatTable(String region, List<PilotSeat> seats) {
        out.append("<table class=\"seats\" data-region=\"").append(escape(region)).append("\">\n<thead><tr>")
                .append("<th scope=\"col\">Seat</th><th scope=\"col\">Status</th>")
                .append("<th scope=\"col\" class=\"num\">Recruited<br><small>this month</small></th>")
                .append("<th scope=\"col\" class=\"num\">Trained<br><small>this month</small></th>")
                .append("<th scope=\"col\" class=\"num\">Recruited<br><small>pilot to date</small></th>")
                .append("<th scope=\"col\" class=\"num\">Trained<br><small>pilot to date</small></th>")
                .append("<th scope=\"col\" class=\"num\">Activation<br><small>rate</small></th>")
                .append("<th scope=\"col\" class=\"num\">Retention<br><small>3 months</small></th>")
                .append("<th scope=\"col\" class=\"num\">Conversation<br><small>rate</small></th>")
                .append("</tr></thead>\n<tbody>\n");
        for (PilotSeat p : seats) {
            SeatStatus st = p.assessment().status();
            out.append("<tr data-seat=\"").append(escape(p.seatCode())).append("\" class=\"").append(st.cssClass()).append("\">")
                    .append("<th scope=\"row\" data-field=\"seat\"><span class=\"seat-name\">").append(escape(p.seatName()))
                    .append("</span><br><small class=\"seat-facts\">").append(escape(p.seatCode()))
                    .append(p.organiserId() == null ? "" : " · organiser " + escape(p.organiserId()))
                    .append(p.cohort() == null ? "" : " · cohort " + escape(p.cohort())).append("</small></th>")
                    .append("<td data-field=\"status\" data-status=\"").append(st.cssClass()).append("\">").append(badge(st))
                    .append("<br><small class=\"reason\">").append(escape(p.assessment().reason())).append("</small></td>");
            againstTarget("recruited", p.recruited(), p.targetRecruits(), false);
            againstTarget("trained", p.trained(), p.targetTrained(), false);
            againstTarget("recruited_pilot_to_date", p.recruitedToDate(), p.targetRecruitsToDate(), true);
            againstTarget("trained_pilot_to_date", p.trainedToDate(), p.targetTrainedToDate(), true);
            share("activation_rate", p.activationRate());
            share("retention_3m", p.retention3m());
            share("conversation_rate", p.conversationRate());
            out.append("</tr>\n");
        }
        out.append("</tbody>\n</table>\n");
    }

    /** "12 of 16" with the share and, for the pilot to date, a bar against the target. */
    private void againstTarget(String field, long actual, Long target, boolean bar) {
        out.append("<td class=\"num\" data-field=\"").append(field).append("\"><span class=\"n\">").append(Formats.count(actual))
                .append("</span>");
        if (target != null) {
            out.append(" <span class=\"of\">of <span class=\"target\">").append(Formats.count(target)).append("</span></span>");
            if (target > 0) {
                long pct = actual * 100 / target;
                out.append("<br><span class=\"pct\">").append(Formats.count(pct)).append("%</span>");
                if (bar) {
                    out.append("<span class=\"bar\" aria-hidden=\"true\"><span class=\"fill ").append(barClass(actual, target))
                            .append("\" style=\"width:").append(Math.min(100, pct)).append("%\"></span>")
                            .append("<span class=\"mark\" style=\"left:").append(SeatStatus.ON_TRACK_PERCENT).append("%\"></span></span>");
                }
            }
        }
        out.append("</td>");
    }

    private static String barClass(long actual, long target) {
        if (actual * 100 >= (long) SeatStatus.ON_TRACK_PERCENT * target) {
            return SeatStatus.ON_TRACK.cssClass();
        }
        return actual * 100 >= (long) SeatStatus.WATCH_PERCENT * target ? SeatStatus.WATCH.cssClass() : SeatStatus.OFF_TRACK.cssClass();
    }

    private void share(String field, Double value) {
        out.append("<td class=\"num\" data-field=\"").append(field).append("\">").append(Formats.percent(value)).append("</td>");
    }

    private void trendCharts(String id, String region, List<PilotSeat> seats) {
        Scorecard.Trends t = s.trends();
        // "Nov 25", "Dec", "Jan 26", "Feb"...: the year only where it starts and at the first month, so 12 labels fit
        List<String> labels = new ArrayList<>();
        for (YearMonth m : t.months()) {
            labels.add(labels.isEmpty() || m.getMonthValue() == 1 ? Formats.shortMonth(m)
                    : m.getMonth().getDisplayName(java.time.format.TextStyle.SHORT, Locale.UK));
        }
        Map<String, long[]> recruited = new LinkedHashMap<>();
        Map<String, long[]> trained = new LinkedHashMap<>();
        for (PilotSeat p : seats) {
            recruited.put(p.seatName(), t.recruited().get(p.seatCode()));
            trained.put(p.seatName(), t.trained().get(p.seatCode()));
        }
        String span = labels.get(0) + " to " + labels.get(labels.size() - 1);
        out.append("<div class=\"pair\">\n");
        figure(Charts.trend(id + "-recruited", "Volunteers recruited per month, " + region, "Volunteers recruited", labels,
                        recruited, t.controlRecruited(), t.controlSeats()),
                "Each line is a pilot seat, " + span + ". The dashed grey line is the median of the " + t.controlSeats()
                        + " control seats (applicants that were not selected); the grey band holds their middle half.");
        figure(Charts.trend(id + "-trained", "Volunteers trained per month, " + region, "Volunteers trained", labels,
                        trained, t.controlTrained(), t.controlSeats()),
                "Trained: a volunteer's first completed organiser-training session. Lines and band as above.");
        out.append("</div>\n");
    }

    private void figure(Charts.Chart chart, String caption) {
        out.append("<figure class=\"chart\" data-chart=\"").append(escape(chart.id())).append("\">").append(chart.svg())
                .append("<figcaption>").append(escape(caption)).append("</figcaption></figure>\n");
    }

    // ---------------------------------------------------------------- evaluation

    private void evaluation() {
        out.append("<section id=\"evaluation\">\n<h2>Pilot evaluation: pilot seats against applicants that were not selected</h2>\n");
        if (s.evaluation().estimates().isEmpty()) {
            out.append("<p>No pilot evaluation up to ").append(escape(Formats.month(s.month())))
                    .append(" (a run evaluates at its last month, once a cohort has started).</p>\n</section>\n");
            return;
        }
        out.append("<p class=\"note\">Each seat's monthly average since its cohort began, minus its own average over the 12 months "
                        + "before; then pilot seats' mean change minus the control seats' mean change "
                        + "(difference-in-differences), with a 95% interval. An interval that crosses the 0 line means "
                        + "the difference could be chance. Evaluated to ")
                .append(escape(Formats.month(s.evaluation().evaluationMonth()))).append(".</p>\n<div class=\"pair\">\n");
        Map<String, List<Estimate>> byMetric = new LinkedHashMap<>();
        for (Estimate e : s.evaluation().estimates()) {
            byMetric.computeIfAbsent(e.metric(), k -> new ArrayList<>()).add(e);
        }
        int i = 0;
        for (Map.Entry<String, List<Estimate>> m : byMetric.entrySet()) {
            String words = METRIC_WORDS.getOrDefault(m.getKey(), m.getKey());
            Charts.Chart chart = Charts.difference("did-" + (++i), words + ": pilot minus controls",
                    "difference per seat per month", m.getValue());
            figure(chart, chart.description());
        }
        out.append("</div>\n<table class=\"evaluation\">\n<thead><tr><th scope=\"col\">Measure</th><th scope=\"col\">Cohort</th>")
                .append("<th scope=\"col\" class=\"num\">Difference<br><small>per seat per month</small></th>")
                .append("<th scope=\"col\" class=\"num\">95% interval</th><th scope=\"col\" class=\"num\">Seats<br><small>pilot / control</small></th>")
                .append("<th scope=\"col\">Could it be chance?</th></tr></thead>\n<tbody>\n");
        for (Estimate e : s.evaluation().estimates()) {
            out.append("<tr data-metric=\"").append(escape(e.metric())).append("\" data-cohort=\"").append(escape(e.cohort())).append("\">")
                    .append("<th scope=\"row\">").append(escape(METRIC_WORDS.getOrDefault(e.metric(), e.metric()))).append("</th>")
                    .append("<td>").append(escape(e.cohort())).append("</td>")
                    .append("<td class=\"num\" data-field=\"did\">").append(e.did() == null ? Formats.NONE : Formats.signed(e.did())).append("</td>")
                    .append("<td class=\"num\" data-field=\"interval\">")
                    .append(e.ciLow() == null ? Formats.NONE : Formats.signed(e.ciLow()) + " to " + Formats.signed(e.ciHigh()))
                    .append("</td><td class=\"num\">").append(e.nPilot()).append(" / ").append(e.nControl()).append("</td>")
                    .append("<td data-field=\"chance\" title=\"").append(escape(e.verdict())).append("\">").append(escape(chance(e))).append("</td></tr>\n");
        }
        out.append("</tbody>\n</table>\n</section>\n");
    }

    /** Whether the interval includes 0, in words. */
    private static String chance(Estimate e) {
        if (e.ciLow() == null || e.ciHigh() == null) {
            return "too few seats to judge";
        }
        if (e.ciLow() <= 0 && e.ciHigh() >= 0) {
            return "yes: the interval includes 0";
        }
        return e.ciLow() > 0 ? "unlikely: pilot seats did better" : "unlikely: pilot seats did worse";
    }

    // ---------------------------------------------------------------- organiser league

    private void league() {
        List<LeagueRow> rows = s.league();
        YearMonth to = rows.isEmpty() ? null : rows.get(0).evaluationMonth();
        out.append("<section id=\"league\">\n<h2>Organiser league, pilot to date")
                .append(to == null ? "" : " (to " + escape(Formats.month(to)) + ")").append("</h2>\n");
        if (rows.isEmpty()) {
            out.append("<p>No organiser league up to ").append(escape(Formats.month(s.month()))).append(".</p>\n</section>\n");
            return;
        }
        out.append("<p class=\"note\">Each community organiser's pilot seats over the pilot to date (every month an organiser "
                + "covered a pilot seat, from the first, to ").append(escape(Formats.month(to)))
                .append("): volunteers recruited and trained against the summed monthly targets. Ranked on recruited against "
                        + "target. (Notebook 02 ranks organisers over the last 12 months instead: a different window, "
                        + "with its own column names.)</p>\n");
        List<String> names = rows.stream().map(r -> r.organiserId() + " (" + r.region() + ")").toList();
        List<Double> recruited = rows.stream().map(LeagueRow::recruitsVsTarget).toList();
        List<Double> trained = rows.stream().map(LeagueRow::trainedVsTarget).toList();
        Charts.Chart chart = Charts.percentBars("league", "Organiser league, pilot to date: recruited and trained against target",
                "Organiser", "share of target, pilot to date", names, List.of("recruited against target", "trained against target"),
                List.of(recruited, trained), 1.0);
        figure(chart, "Bars show each organiser's recruited (blue) and trained (orange) as a share of target; the dashed line is the target (100%).");
        out.append("<table class=\"league\">\n<thead><tr><th scope=\"col\" class=\"num\">Rank</th><th scope=\"col\">Organiser</th>")
                .append("<th scope=\"col\">Region</th><th scope=\"col\" class=\"num\">Seats<br><small>pilot to date</small></th>")
                .append("<th scope=\"col\" class=\"num\">Seat-months<br><small>pilot to date</small></th><th scope=\"col\" class=\"num\">Recruited<br><small>pilot to date</small></th>")
                .append("<th scope=\"col\" class=\"num\">Trained<br><small>pilot to date</small></th></tr></thead>\n<tbody>\n");
        for (LeagueRow r : rows) {
            out.append("<tr data-organiser=\"").append(escape(r.organiserId())).append("\"><td class=\"num\" data-field=\"rank\">")
                    .append(r.rank() == null ? Formats.NONE : r.rank()).append("</td><th scope=\"row\">").append(escape(r.organiserId()))
                    .append("</th><td>").append(escape(r.region())).append("</td><td class=\"num\">").append(r.seats())
                    .append("</td><td class=\"num\">").append(Formats.count(r.seatMonths())).append("</td>");
            againstTarget("recruited", r.recruited(), r.targetRecruits(), false);
            againstTarget("trained", r.trained(), r.targetTrained(), false);
            out.append("</tr>\n");
        }
        out.append("</tbody>\n</table>\n</section>\n");
    }

    // ---------------------------------------------------------------- events and sign-ups

    /** The pilot seats' events of the month and the sign-ups to them, under the same disclosure control as the election. */
    private void events() {
        if (s.events().isEmpty()) {
            return;
        }
        SmallCounts small = s.smallCounts();
        out.append("<section id=\"events\">\n<h2>Events and sign-ups, ").append(escape(Formats.month(s.month()))).append("</h2>\n")
                .append("<p class=\"note\">Events: events held in the pilot seat this month; head count: their attendees as the events "
                        + "file gives them. Sign-ups: people signed up to those events, cancelled ones included; attended and no-shows: "
                        + "the sign-ups with an outcome recorded. Flake rate: no-shows / (attended + no-shows). Where a seat's sign-ups "
                        + "have no outcome recorded (an Action Network export carries no attended flag), the page says attendance was "
                        + "not recorded (sign-ups only) and gives no flake rate.</p>\n");
        out.append("<dl class=\"legend\"><dt class=\"suppressed\">").append(SmallCounts.HIDDEN).append("</dt><dd>")
                .append(small.smallRange() == null ? "nothing is hidden: the small-count threshold is 1."
                        : "withheld to protect people's privacy: a count of " + small.smallRange() + " people, a rate such a count "
                        + "stands behind, or a figure from which one could be worked out.")
                .append("</dd><dt class=\"no-data\">").append(escape(SmallCounts.NO_DATA))
                .append("</dt><dd>no data: no sign-up with an outcome recorded.</dd><dt>0</dt><dd>none.</dd></dl>\n");
        out.append("<table class=\"events\">\n<thead><tr>")
                .append("<th scope=\"col\">Seat</th><th scope=\"col\">Region</th><th scope=\"col\" class=\"num\">Events</th>")
                .append("<th scope=\"col\" class=\"num\">Head count<br><small>at the events</small></th>")
                .append("<th scope=\"col\" class=\"num\">Sign-ups</th>")
                .append("<th scope=\"col\" class=\"num\">Attended</th>")
                .append("<th scope=\"col\" class=\"num\">No-shows</th>")
                .append("<th scope=\"col\" class=\"num\">Flake<br><small>rate</small></th></tr></thead>\n<tbody>\n");
        for (Scorecard.SeatEvents seat : s.events()) {
            Disclosure.Result d = small.events(seat);
            out.append("<tr data-seat=\"").append(escape(seat.seatCode())).append("\"><th scope=\"row\">").append(escape(seat.seatName()));
            if (seat.attendanceNotRecorded()) {
                out.append("<br><small class=\"signups-only\" data-field=\"attendance_not_recorded\">attendance not recorded "
                        + "(sign-ups only)</small>");
            }
            out.append("</th><td>").append(escape(seat.region())).append("</td>")
                    .append("<td class=\"num\" data-field=\"events_held\">").append(Formats.count(seat.eventsHeld())).append("</td>");
            protectedCell(d, SmallCounts.EVENT_ATTENDANCE, Formats.count(seat.eventAttendance()), PEOPLES_PRIVACY);
            protectedCell(d, SmallCounts.SIGNUPS, Formats.count(seat.signups()), PEOPLES_PRIVACY);
            protectedCell(d, SmallCounts.SIGNUPS_ATTENDED, Formats.count(seat.attended()), PEOPLES_PRIVACY);
            protectedCell(d, SmallCounts.SIGNUPS_NO_SHOW, Formats.count(seat.noShow()), PEOPLES_PRIVACY);
            protectedCell(d, SmallCounts.FLAKE_RATE, Formats.percent(seat.flakeRate()), PEOPLES_PRIVACY);
            out.append("</tr>\n");
        }
        out.append("</tbody>\n</table>\n</section>\n");
    }

    // ---------------------------------------------------------------- election

    private void election() {
        out.append("<section id=\"election\">\n<h2>Last election: did our promises turn out?</h2>\n");
        Scorecard.Election e = s.election();
        if (e.electionId() == null || e.seats().isEmpty()) {
            out.append("<p>No general or by-election with a marked register on or before ")
                    .append(escape(Formats.month(s.month()))).append(".</p>\n</section>\n");
            return;
        }
        SmallCounts small = s.smallCounts();
        out.append("<p class=\"note\">").append(escape(e.electionId())).append(", polling day ")
                .append(escape(e.pollingDate().format(DAY))).append(". Promise turnout: the share of electors we had identified as "
                        + "promises who voted (marked register); register turnout: the share of everyone on the register who voted. "
                        + "Difference: promise turnout minus register turnout.</p>\n");
        legend(small);
        Map<String, Disclosure.Result> decisions = new LinkedHashMap<>();
        for (ElectionSeat seat : e.seats()) {
            decisions.put(seat.seatCode(), small.election(seat));
        }
        List<String> names = new ArrayList<>();
        List<Double> promise = new ArrayList<>();
        List<Double> register = new ArrayList<>();
        for (ElectionSeat seat : e.seats()) {
            Disclosure.Result d = decisions.get(seat.seatCode());
            boolean hidden = d.suppressed(SmallCounts.PROMISE_TURNOUT);
            boolean none = d.noData(SmallCounts.PROMISE_TURNOUT);
            names.add(seat.seatName() + (hidden ? " (hidden)" : none ? " (no data)" : ""));
            promise.add(hidden || none ? null : seat.promiseTurnout());
            register.add(seat.registerTurnout());
        }
        Charts.Chart chart = Charts.percentBars("election", "Promise turnout against register turnout, " + e.electionId(),
                "Seat", "turnout", names, List.of("promise turnout", "register turnout"), List.of(promise, register), null);
        figure(chart, "Blue: turnout of our promises; orange: turnout of the whole register, seat by seat. "
                + "A seat whose promise turnout is hidden or has no data has no blue bar.");
        out.append("<table class=\"election\" data-election=\"").append(escape(e.electionId())).append("\">\n<thead><tr>")
                .append("<th scope=\"col\">Seat</th><th scope=\"col\">Region</th><th scope=\"col\" class=\"num\">Promises</th>")
                .append("<th scope=\"col\" class=\"num\">Promises<br><small>who voted</small></th>")
                .append("<th scope=\"col\" class=\"num\">Promise<br><small>turnout</small></th>")
                .append("<th scope=\"col\" class=\"num\">Register<br><small>turnout</small></th>")
                .append("<th scope=\"col\" class=\"num\">Difference<br><small>promise minus register</small></th></tr></thead>\n<tbody>\n");
        for (ElectionSeat seat : e.seats()) {
            Disclosure.Result d = decisions.get(seat.seatCode());
            out.append("<tr data-seat=\"").append(escape(seat.seatCode())).append("\"><th scope=\"row\">").append(escape(seat.seatName()))
                    .append("</th><td>").append(escape(seat.region())).append("</td>");
            protectedCell(d, SmallCounts.PROMISES, Formats.count(seat.promises()));
            protectedCell(d, SmallCounts.PROMISES_VOTED, Formats.count(seat.promisesVoted()));
            protectedCell(d, SmallCounts.PROMISE_TURNOUT, Formats.percent(seat.promiseTurnout()));
            protectedCell(d, SmallCounts.REGISTER_TURNOUT, Formats.percent(seat.registerTurnout()));
            protectedCell(d, SmallCounts.PROMISE_TURNOUT_LIFT, Formats.points(SmallCounts.lift(seat)));
            out.append("</tr>\n");
        }
        out.append("</tbody>\n</table>\n</section>\n");
    }

    /** The marks of the election table, beside it. */
    private void legend(SmallCounts small) {
        out.append("<dl class=\"legend\"><dt class=\"suppressed\">").append(SmallCounts.HIDDEN).append("</dt><dd>")
                .append(small.smallRange() == null ? "nothing is hidden: the small-count threshold is 1."
                        : "withheld to protect voters' privacy: a count of " + small.smallRange() + " people, a turnout such "
                        + "a count stands behind, or a figure from which one could be worked out (so the figures beside a "
                        + "hidden one may be hidden too).")
                .append("</dd>")
                .append("<dt class=\"no-data\">").append(escape(SmallCounts.NO_DATA)).append("</dt><dd>no data: nothing recorded, "
                        + "or no promises to take a turnout of.</dd>")
                .append("<dt>0</dt><dd>none.</dd></dl>\n");
    }

    private static final String VOTERS_PRIVACY = "hidden to protect voters' privacy";
    private static final String PEOPLES_PRIVACY = "hidden to protect people's privacy";

    /** A cell of the election table: its text, "hidden" when suppressed, "–" when there is no data. */
    private void protectedCell(Disclosure.Result decision, String field, String text) {
        protectedCell(decision, field, text, VOTERS_PRIVACY);
    }

    /** A protected cell: its text, "hidden" (with why, as its title) when suppressed, "–" when there is no data. */
    private void protectedCell(Disclosure.Result decision, String field, String text, String why) {
        boolean suppressed = decision.suppressed(field);
        boolean none = !suppressed && decision.noData(field);
        out.append("<td class=\"num").append(suppressed ? " suppressed" : none ? " no-data" : "").append("\" data-field=\"")
                .append(field).append('"');
        if (suppressed) {
            out.append(" title=\"").append(escape(why)).append('"');
        } else if (none) {
            out.append(" title=\"no data\"");
        }
        out.append('>').append(escape(suppressed ? SmallCounts.HIDDEN : none ? SmallCounts.NO_DATA : text)).append("</td>");
    }

    // ---------------------------------------------------------------- mutual aid

    private void mutualAid() {
        out.append("<section id=\"mutual-aid\">\n<h2>Mutual aid between local parties</h2>\n");
        Scorecard.MutualAid aid = s.mutualAid();
        if (aid.year() == null) {
            out.append("<p>No mutual aid recorded from January to ").append(escape(Formats.month(s.month()))).append(".</p>\n</section>\n");
            return;
        }
        out.append("<p class=\"note\">The year to date, January to ").append(escape(Formats.month(s.month())))
                .append(": hours volunteers from one seat worked in another, and the aid "
                        + "(cash, printing, material) given.</p>\n");
        List<AidFlow> flows = aid.flows();
        if (!flows.isEmpty()) {
            List<String> names = flows.stream().map(f -> f.giverName() + " → " + f.receiverName()).toList();
            Charts.Chart chart = Charts.countBars("aid", "Largest mutual aid flows, " + aid.year(), "From → to",
                    "volunteer hours", names, flows.stream().map(AidFlow::hours).toList());
            figure(chart, "Volunteer hours given by the first seat's volunteers in the second seat, largest first.");
            out.append("<table class=\"aid-flows\">\n<thead><tr><th scope=\"col\">From</th><th scope=\"col\">To</th>")
                    .append("<th scope=\"col\" class=\"num\">Hours</th><th scope=\"col\" class=\"num\">Volunteers</th>")
                    .append("<th scope=\"col\" class=\"num\">Aid given</th></tr></thead>\n<tbody>\n");
            for (AidFlow f : flows) {
                out.append("<tr data-giver=\"").append(escape(f.giverSeat())).append("\" data-receiver=\"").append(escape(f.receiverSeat()))
                        .append("\"><td>").append(escape(f.giverName())).append("</td><td>").append(escape(f.receiverName()))
                        .append("</td><td class=\"num\" data-field=\"hours\">").append(Formats.decimal(f.hours(), 1))
                        .append("</td><td class=\"num\">").append(Formats.count(f.volunteers()))
                        .append("</td><td class=\"num\">£").append(Formats.count(Math.round(f.valueGbp()))).append("</td></tr>\n");
            }
            out.append("</tbody>\n</table>\n");
        }
        out.append("<h3>One-way relationships</h3>\n");
        if (aid.oneWay().isEmpty()) {
            out.append("<p>None in ").append(aid.year()).append(": every pair of seats that helped each other got some help back.</p>\n");
        } else {
            out.append("<p class=\"note\">Pairs of seats where one gave at least the one-way threshold of hours and got none back.</p>\n")
                    .append("<table class=\"one-way\">\n<thead><tr><th scope=\"col\">Gave</th><th scope=\"col\">Received</th>")
                    .append("<th scope=\"col\" class=\"num\">Hours given</th><th scope=\"col\" class=\"num\">Hours back</th></tr></thead>\n<tbody>\n");
            for (AidPair p : aid.oneWay()) {
                boolean aGave = p.hoursAToB() >= p.hoursBToA();
                out.append("<tr><td>").append(escape(aGave ? p.nameA() : p.nameB())).append("</td><td>")
                        .append(escape(aGave ? p.nameB() : p.nameA())).append("</td><td class=\"num\">")
                        .append(Formats.decimal(Math.max(p.hoursAToB(), p.hoursBToA()), 1)).append("</td><td class=\"num\">")
                        .append(Formats.decimal(Math.min(p.hoursAToB(), p.hoursBToA()), 1)).append("</td></tr>\n");
            }
            out.append("</tbody>\n</table>\n");
        }
        out.append("</section>\n");
    }

    // ---------------------------------------------------------------- about

    private void about() {
        out.append("<section id=\"about\">\n<h2>How to read this page</h2>\n<h3>Status of a pilot seat</h3>\n<ul class=\"rule\">")
                .append("<li>For recruited and for trained, take the pilot to date: the volunteers against the summed monthly targets. "
                        + "The weaker of the two decides.</li>")
                .append("<li>").append(badge(SeatStatus.ON_TRACK)).append(" at least ").append(SeatStatus.ON_TRACK_PERCENT)
                .append("% of target; ").append(badge(SeatStatus.WATCH)).append(" at least ").append(SeatStatus.WATCH_PERCENT)
                .append("%; ").append(badge(SeatStatus.OFF_TRACK)).append(" below ").append(SeatStatus.WATCH_PERCENT).append("%.</li>")
                .append("<li>A seat on track over the pilot to date that got less than ").append(SeatStatus.MONTH_SLIP_PERCENT)
                .append("% of either target this month is ").append(badge(SeatStatus.WATCH)).append(".</li></ul>\n")
                .append("<h3>Privacy</h3>\n<p>Who promised to vote for us, and whether they voted, is special-category data. In the "
                        + "election table and its chart, a count of ")
                .append(s.smallCounts().smallRange() == null ? "no size (the threshold is 1)" : s.smallCounts().smallRange())
                .append(" people (promises, promises who voted, or promises who did not vote), and a turnout such a count stands "
                        + "behind, is <span class=\"suppressed\">").append(SmallCounts.HIDDEN)
                .append("</span>; so is every other figure of the seat from which a hidden one could be worked back (the "
                        + "difference from register turnout, the promises who voted, the promises), and the seat's bar in the "
                        + "chart. 0 is shown; ").append(escape(SmallCounts.NO_DATA))
                .append(" means no data. Each seat's figures are hidden the same way on every page. Register turnout, "
                        + "volunteer counts and the evaluation's averages are not hidden: they do not single out a voter. "
                        + "The page holds no names or addresses.</p>\n<p>Who comes to a party's events is as personal: in the "
                        + "events table, a head count, sign-ups, attended or no-shows of ")
                .append(s.smallCounts().smallRange() == null ? "no size" : s.smallCounts().smallRange())
                .append(" people, a flake rate such a count stands behind, and every figure of the seat that would give one "
                        + "back (the cancelled sign-ups, on no page, included) are hidden the same way.</p>\n")
                .append("<h3>Where the numbers come from</h3>\n<p>The warehouse's metric tables (seat_month, pilot_evaluation, "
                        + "organiser_league, seat_election, mutual_aid, mutual_aid_pair), read through its DuckDB catalogue; "
                        + "docs/metrics.md defines every column and docs/scorecard.md this page.</p>\n</section>\n");
    }

    // ---------------------------------------------------------------- bits

    private static String badge(SeatStatus st) {
        return "<span class=\"status " + st.cssClass() + "\">" + symbol(st) + " " + escape(st.words()) + "</span>";
    }

    /** A symbol beside the colour, so the status never rests on colour alone. */
    private static String symbol(SeatStatus st) {
        return switch (st) {
            case ON_TRACK -> "✓";
            case WATCH -> "!";
            case OFF_TRACK -> "✕";
            case NO_TARGET -> "–";
        };
    }

    static String monthName(YearMonth m) {
        return Formats.month(m);
    }

    static String day(LocalDate d) {
        return d.format(DAY);
    }

    private static final String CSS = """
            :root { --ink: #1f2328; --muted: #57606a; --line: #d0d7de; --on: #009E73; --watch: #E69F00; --off: #D55E00;
                    --on-bg: #e3f4ee; --watch-bg: #fcf1da; --off-bg: #f9e5d9; }
            * { box-sizing: border-box; }
            body { margin: 0; color: var(--ink); background: #fff; font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto,
                   "Liberation Sans", "DejaVu Sans", Arial, sans-serif; }
            main { max-width: 1040px; margin: 0 auto; padding: 24px 28px 48px; }
            h1 { font-size: 26px; margin: 0 0 4px; }
            h2 { font-size: 20px; margin: 32px 0 8px; padding-top: 12px; border-top: 2px solid var(--ink); }
            h3 { font-size: 16px; margin: 20px 0 6px; }
            .meta, .note, figcaption, small { color: var(--muted); }
            .note { font-size: 14px; max-width: 80ch; }
            .headline h2 { border-top: none; margin-top: 12px; }
            .tally { display: flex; gap: 12px; flex-wrap: wrap; margin: 8px 0 12px; }
            .tile { border-radius: 8px; padding: 10px 18px; min-width: 150px; border: 2px solid; }
            .tile .n { font-size: 34px; font-weight: 700; line-height: 1; margin-right: 6px; }
            .tile .label { font-size: 17px; font-weight: 600; }
            .tile.on-track { border-color: var(--on); background: var(--on-bg); }
            .tile.watch { border-color: var(--watch); background: var(--watch-bg); }
            .tile.off-track { border-color: var(--off); background: var(--off-bg); }
            .tile.no-target { border-color: var(--line); }
            .lead { font-weight: 600; margin: 4px 0; }
            ul.why { list-style: none; padding: 0; margin: 4px 0 12px; }
            ul.why li { padding: 3px 0; }
            .region { color: var(--muted); }
            .verdict { background: #f6f8fa; border-left: 4px solid #0072B2; padding: 8px 14px; margin: 12px 0; }
            .verdict h3 { margin-top: 4px; }
            .verdict p { margin: 6px 0; }
            .status { display: inline-block; border-radius: 4px; padding: 1px 7px; font-weight: 700; font-size: 13px;
                      white-space: nowrap; border: 1.5px solid; }
            .status.on-track { background: var(--on-bg); border-color: var(--on); color: #00573f; }
            .status.watch { background: var(--watch-bg); border-color: var(--watch); color: #6b4a00; }
            .status.off-track { background: var(--off-bg); border-color: var(--off); color: #8a3300; }
            .status.no-target { border-color: var(--line); color: var(--muted); }
            table { border-collapse: collapse; width: 100%; margin: 8px 0 16px; font-size: 14px; }
            th, td { text-align: left; padding: 6px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
            thead th { border-bottom: 2px solid var(--ink); font-size: 13px; vertical-align: bottom; }
            .num { text-align: right; font-variant-numeric: tabular-nums; }
            td.num .pct { font-size: 12px; color: var(--muted); }
            tr.off-track > th { border-left: 5px solid var(--off); }
            tr.watch > th { border-left: 5px solid var(--watch); }
            tr.on-track > th { border-left: 5px solid var(--on); }
            .seat-name { font-weight: 700; }
            .reason { color: var(--ink); }
            .bar { display: block; position: relative; height: 6px; background: #eaeef2; border-radius: 3px; margin-top: 3px; }
            .bar .fill { display: block; height: 6px; border-radius: 3px; }
            .bar .fill.on-track { background: var(--on); } .bar .fill.watch { background: var(--watch); }
            .bar .fill.off-track { background: var(--off); }
            .bar .mark { position: absolute; top: -2px; width: 2px; height: 10px; background: var(--ink); }
            .suppressed { color: var(--muted); font-style: italic; }
            .no-data { color: var(--muted); }
            dl.legend { display: grid; grid-template-columns: max-content 1fr; gap: 2px 10px; font-size: 13px; margin: 6px 0 10px; }
            dl.legend dt { text-align: right; } dl.legend dd { margin: 0; color: var(--muted); }
            td.words { font-size: 13px; max-width: 46ch; }
            .pair { display: grid; grid-template-columns: 1fr 1fr; gap: 0 20px; }
            .pair figure.chart { margin: 8px 0 12px; }
            .seat-facts { display: block; font-size: 12px; line-height: 1.3; font-weight: normal; }
            table.seats th[data-field=seat] { min-width: 13em; }
            figure.chart { margin: 12px 0 20px; }
            figure.chart svg { display: block; width: 100%; height: auto; }
            figcaption { font-size: 13px; margin-top: 4px; }
            ul.rule li { margin: 4px 0; }
            @page { size: A4; margin: 14mm 12mm; }
            @media print {
              body { font-size: 10pt; }
              main { max-width: none; padding: 0; }
              h2 { break-after: avoid; margin-top: 18px; }
              h3 { break-after: avoid; }
              figure.chart, .tally, .verdict, tr, ul.why li { break-inside: avoid; }
              figure.chart svg { max-height: 118mm; }
              table { font-size: 9pt; }
              th, td { padding: 4px 6px; }
              thead { display: table-header-group; }
              .tile, .status, .bar, .bar .fill, .bar .mark, tr > th { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
            }
            """;
}
