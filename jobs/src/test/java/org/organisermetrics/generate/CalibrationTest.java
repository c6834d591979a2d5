package org.organisermetrics.generate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.organisermetrics.contract.Source;

/**
 * The calibration facts of DOMAIN.md, measured on the sample with plain Java (the metric
 * definitions of METRICS.md computed independently of the generator).
 */
class CalibrationTest {
    final Path landing = SampleFixture.landing();
    final LocalDate today = SampleFixture.TODAY;

    List<Landing.Row> rows(Source s) {
        return Landing.rows(landing, s);
    }

    static boolean onRegister(Landing.Row e, LocalDate d) {
        LocalDate reg = Landing.date(e.get("registered_on"));
        LocalDate left = Landing.date(e.get("left_on"));
        return (reg == null || !reg.isAfter(d)) && (left == null || left.isAfter(d));
    }

    record Election(String id, String type, LocalDate polling) {}

    List<Election> elections() {
        return rows(Source.ELECTIONS).stream()
                .map(r -> new Election(r.get("election_id"), Landing.upper(r.get("election_type")),
                        Landing.date(r.get("polling_date"))))
                .sorted(Comparator.comparing(Election::polling)).toList();
    }

    Election generalInPeriod() {
        LocalDate from = SampleFixture.settings().from().atDay(1);
        return elections().stream().filter(e -> e.type().equals("GENERAL") && !e.polling().isBefore(from))
                .findFirst().orElseThrow();
    }

    @Test
    void there_are_general_and_local_elections_inside_the_period_before_today() {
        GeneratorSettings s = SampleFixture.settings();
        long inPeriod = elections().stream().filter(e -> !e.polling().isBefore(s.from().atDay(1))
                && !e.polling().isAfter(s.to().atEndOfMonth()) && !e.polling().isAfter(today)).count();
        assertTrue(elections().stream().anyMatch(e -> e.type().equals("LOCAL")
                && !e.polling().isBefore(s.from().atDay(1))));
        assertTrue(inPeriod >= 3, "a general and local elections in the period: " + elections());
        generalInPeriod();
    }

    /** 87.9% of promises voted against about 65% of the register (METRICS.md: promise_turnout, register_turnout). */
    @Test
    void promises_turn_out_far_more_than_the_register() {
        Election ge = generalInPeriod();
        LocalDate previous = elections().stream().filter(e -> e.type().equals("GENERAL")
                && e.polling().isBefore(ge.polling())).map(Election::polling).max(Comparator.naturalOrder())
                .orElse(LocalDate.MIN);
        Set<String> onRegister = rows(Source.ELECTORS).stream().filter(e -> onRegister(e, ge.polling()))
                .map(e -> e.get("elector_id")).collect(Collectors.toSet());
        Set<String> voted = rows(Source.MARKED_REGISTER).stream().filter(r -> r.get("election_id").equals(ge.id()))
                .map(r -> r.get("elector_id")).collect(Collectors.toSet());
        // Latest stated intention per elector in (previous, polling]: greatest date, then greatest contact_id.
        Map<String, Landing.Row> latest = new HashMap<>();
        for (Landing.Row c : rows(Source.CONTACTS)) {
            String intention = Landing.upper(c.get("intention"));
            LocalDate d = Landing.date(c.get("contact_date"));
            if (c.get("elector_id") == null || intention.equals("NOT_HOME") || intention.equals("REFUSED")
                    || !d.isAfter(previous) || d.isAfter(ge.polling())) {
                continue;
            }
            latest.merge(c.get("elector_id"), c, (a, b) -> {
                int cmp = Landing.date(a.get("contact_date")).compareTo(Landing.date(b.get("contact_date")));
                if (cmp == 0) {
                    cmp = a.get("contact_id").compareTo(b.get("contact_id"));
                }
                return cmp >= 0 ? a : b;
            });
        }
        Set<String> promises = latest.entrySet().stream()
                .filter(e -> Landing.upper(e.getValue().get("intention")).equals("LAB"))
                .map(Map.Entry::getKey).filter(onRegister::contains).collect(Collectors.toSet());
        long promisesVoted = promises.stream().filter(voted::contains).count();
        double promiseTurnout = promisesVoted / (double) promises.size();
        double registerTurnout = voted.stream().filter(onRegister::contains).count() / (double) onRegister.size();
        System.out.printf("general election %s: %d promises, promise turnout %.3f, register turnout %.3f%n",
                ge.id(), promises.size(), promiseTurnout, registerTurnout);
        assertTrue(promises.size() > 300, "promises " + promises.size());
        assertTrue(promiseTurnout > 0.80 && promiseTurnout < 0.95, "promise turnout " + promiseTurnout);
        assertTrue(registerTurnout > 0.58 && registerTurnout < 0.72, "register turnout " + registerTurnout);
    }

    /** Votes of an area = its electors in the marked register, never more than its electorate = electors on the register. */
    @Test
    void results_agree_with_the_register_and_the_marked_register() {
        Map<String, Landing.Row> electors = new HashMap<>();
        rows(Source.ELECTORS).forEach(e -> electors.put(e.get("elector_id"), e));
        Map<String, Election> elections = new HashMap<>();
        elections().forEach(e -> elections.put(e.id(), e));
        Map<String, Long> marked = new HashMap<>();
        for (Landing.Row r : rows(Source.MARKED_REGISTER)) {
            Election e = elections.get(r.get("election_id"));
            Landing.Row el = electors.get(r.get("elector_id"));
            assertTrue(onRegister(el, e.polling()), "voter on the register");
            String area = e.type().equals("GENERAL") ? el.get("seat_code") : el.get("ward_code");
            marked.merge(e.id() + "/" + area, 1L, Long::sum);
        }
        Map<String, Long> votes = new HashMap<>();
        Map<String, Long> electorate = new HashMap<>();
        for (Landing.Row r : rows(Source.RESULTS)) {
            String key = r.get("election_id") + "/" + r.get("area_code");
            votes.merge(key, Long.parseLong(r.get("votes")), Long::sum);
            Long before = electorate.put(key, Long.parseLong(r.get("electorate")));
            assertTrue(before == null || before == Long.parseLong(r.get("electorate")), "one electorate per area");
        }
        assertEquals(marked, votes);
        // Electorate: electors on the register at polling day in the area, counted independently.
        Map<String, Long> counted = new HashMap<>();
        for (Election el : elections.values()) {
            for (Landing.Row x : electors.values()) {
                if (onRegister(x, el.polling())) {
                    String area = el.type().equals("GENERAL") ? x.get("seat_code") : x.get("ward_code");
                    counted.merge(el.id() + "/" + area, 1L, Long::sum);
                }
            }
        }
        for (Map.Entry<String, Long> e : electorate.entrySet()) {
            assertEquals(counted.get(e.getKey()), e.getValue(), e.getKey());
            assertTrue(votes.get(e.getKey()) <= e.getValue());
        }
        // Majorities: plausible, not all ties, winners vary.
        Set<String> winners = new HashSet<>();
        Map<String, List<Long>> byArea = new HashMap<>();
        Map<String, String> best = new HashMap<>();
        Map<String, Long> bestVotes = new HashMap<>();
        for (Landing.Row r : rows(Source.RESULTS)) {
            String key = r.get("election_id") + "/" + r.get("area_code");
            long v = Long.parseLong(r.get("votes"));
            byArea.computeIfAbsent(key, x -> new ArrayList<>()).add(v);
            if (v > bestVotes.getOrDefault(key, -1L)) {
                bestVotes.put(key, v);
                best.put(key, Landing.upper(r.get("party_code")));
            }
        }
        winners.addAll(best.values());
        assertTrue(winners.size() >= 2, "winners " + winners);
        long decisive = byArea.values().stream().map(l -> l.stream().sorted(Comparator.reverseOrder()).toList())
                .filter(l -> l.get(0) > l.get(1)).count();
        assertTrue(decisive > byArea.size() * 0.8, "majorities > 0 in most areas");
    }

    @Test
    void the_pilot_cohort_starts_a_year_after_the_period_with_four_or_more_seats_on_each_side() {
        YearMonth from = SampleFixture.settings().from();
        List<Landing.Row> pilots = rows(Source.PILOT_SEATS);
        List<Landing.Row> selected = pilots.stream().filter(r -> Landing.bool(r.get("selected"))).toList();
        List<Landing.Row> controls = pilots.stream().filter(r -> !Landing.bool(r.get("selected"))).toList();
        assertTrue(selected.size() >= 4 && controls.size() >= 4, selected.size() + " / " + controls.size());
        for (Landing.Row r : selected) {
            YearMonth start = YearMonth.parse(r.get("start_month"));
            assertFalse(start.isBefore(from.plusMonths(12)), "start " + start);
            assertTrue(r.get("organiser_id") != null && r.get("target_recruits_per_month") != null);
            assertTrue(Landing.date(r.get("applied_on")).isBefore(start.atDay(1)));
        }
        controls.forEach(r -> assertNull(r.get("start_month")));
        Map<String, Long> seatsPerOrganiser = selected.stream()
                .collect(Collectors.groupingBy(r -> r.get("organiser_id"), Collectors.counting()));
        seatsPerOrganiser.values().forEach(n -> assertTrue(n >= 2, "an organiser covers several seats"));
        assertEquals(1, pilots.stream().map(r -> r.get("cohort")).distinct().count());
    }

    /** METRICS.md year_round_share: organising seats talk all year, the others in the 28 days before polling day. */
    @Test
    void organising_seats_contact_all_year_and_others_in_the_short_campaign() {
        Election ge = generalInPeriod();
        Map<String, long[]> perSeat = new HashMap<>();
        for (Landing.Row c : rows(Source.CONTACTS)) {
            LocalDate d = Landing.date(c.get("contact_date"));
            long before = ChronoUnit.DAYS.between(d, ge.polling());
            if (Landing.upper(c.get("intention")).equals("NOT_HOME") || before <= 0 || before > 365) {
                continue;
            }
            long[] n = perSeat.computeIfAbsent(c.get("seat_code"), k -> new long[2]);
            n[0]++;
            if (before > 28) {
                n[1]++;
            }
        }
        List<Double> shares = perSeat.values().stream().map(n -> n[1] / (double) n[0]).sorted().toList();
        System.out.println("year-round shares " + shares);
        assertTrue(shares.get(0) < 0.25, "a short-campaign seat " + shares);
        assertTrue(shares.get(shares.size() - 1) > 0.6, "a year-round seat " + shares);
    }

    /** METRICS.md mutual_aid_pair: reciprocal pairs, and one-way pairs (>= 100 hours one way, none back). */
    @Test
    void mutual_aid_flows_both_ways_in_some_pairs_and_one_way_in_others() {
        Map<String, String> home = new HashMap<>();
        rows(Source.VOLUNTEERS).forEach(v -> home.put(v.get("volunteer_id"), v.get("seat_code")));
        Map<String, Double> hours = new HashMap<>(); // giver>receiver>year
        for (Landing.Row a : rows(Source.ACTIVITIES)) {
            String giver = home.get(a.get("volunteer_id"));
            String receiver = a.get("seat_code");
            if (!giver.equals(receiver)) {
                hours.merge(giver + ">" + receiver + ">" + Landing.date(a.get("activity_date")).getYear(),
                        Double.parseDouble(a.get("hours")), Double::sum);
            }
        }
        boolean reciprocal = false;
        boolean oneWay = false;
        for (Map.Entry<String, Double> e : hours.entrySet()) {
            String[] k = e.getKey().split(">");
            double back = hours.getOrDefault(k[1] + ">" + k[0] + ">" + k[2], 0.0);
            reciprocal |= back > 0;
            oneWay |= e.getValue() >= 100 && back == 0;
        }
        assertTrue(reciprocal, "a reciprocal pair " + hours);
        assertTrue(oneWay, "a one-way pair " + hours);
        // Money: some seat gives cash and printing to a seat that gives nothing back.
        Set<String> directions = rows(Source.AID).stream().map(r -> r.get("from_seat") + ">" + r.get("to_seat"))
                .collect(Collectors.toSet());
        assertTrue(directions.stream().anyMatch(d -> !directions.contains(d.split(">")[1] + ">" + d.split(">")[0])));
    }

    /** Helpers who are not members, not on the register, linked only by elector id, members later, lapsed. */
    @Test
    void the_helper_pool_looks_like_the_field() {
        List<Landing.Row> volunteers = rows(Source.VOLUNTEERS);
        List<Landing.Row> members = rows(Source.MEMBERS);
        Map<String, Landing.Row> memberById = new HashMap<>();
        Map<String, Landing.Row> memberByElector = new HashMap<>();
        Map<String, Landing.Row> memberByEmail = new HashMap<>();
        for (Landing.Row m : members) {
            memberById.put(m.get("member_id"), m);
            if (m.get("elector_id") != null) {
                memberByElector.put(m.get("elector_id"), m);
            }
            if (m.get("email") != null) {
                memberByEmail.put(m.get("email"), m);
            }
        }
        long offRegister = volunteers.stream().filter(v -> v.get("elector_id") == null).count();
        long nonMembers = volunteers.stream().filter(v -> v.get("member_id") == null
                && (v.get("elector_id") == null || !memberByElector.containsKey(v.get("elector_id")))
                && (v.get("email") == null || !memberByEmail.containsKey(v.get("email")))).count();
        long byElectorOnly = volunteers.stream().filter(v -> v.get("member_id") == null && v.get("elector_id") != null
                && memberByElector.containsKey(v.get("elector_id"))).count();
        long sharedEmail = volunteers.stream().filter(v -> v.get("email") != null
                && memberByEmail.containsKey(v.get("email"))).count();
        long joinedLater = volunteers.stream().filter(v -> v.get("member_id") != null).filter(v -> {
            Landing.Row m = memberById.get(v.get("member_id"));
            return Landing.date(m.get("joined_on")).isAfter(Landing.date(v.get("recruited_on")));
        }).count();
        long lapsed = members.stream().filter(m -> m.get("lapsed_on") != null).count();
        int n = volunteers.size();
        System.out.printf("%d volunteers: %d off register, %d not members, %d linked by elector only, "
                + "%d share an email, %d joined later; %d lapsed members%n", n, offRegister, nonMembers,
                byElectorOnly, sharedEmail, joinedLater, lapsed);
        assertTrue(offRegister > n * 0.15 && offRegister < n * 0.4);
        assertTrue(nonMembers > n * 0.4);
        assertTrue(byElectorOnly > 10 && sharedEmail > 10 && joinedLater > 10 && lapsed > 10);
        // Pools: large in organising seats, tens elsewhere.
        Map<String, Long> pool = volunteers.stream().collect(Collectors.groupingBy(v -> v.get("seat_code"),
                Collectors.counting()));
        long max = pool.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        long min = pool.values().stream().mapToLong(Long::longValue).min().orElseThrow();
        assertTrue(max > 5 * min && min >= 10, "pools " + pool);
    }

    /** About a third of the pool of an organising seat is active (activation_rate over 90 days). */
    @Test
    void about_a_third_of_an_organising_seats_pool_is_active() {
        Map<String, Landing.Row> volunteers = new HashMap<>();
        rows(Source.VOLUNTEERS).forEach(v -> volunteers.put(v.get("volunteer_id"), v));
        String biggest = volunteers.values().stream().collect(Collectors.groupingBy(v -> v.get("seat_code"),
                Collectors.counting())).entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
        LocalDate end = SampleFixture.settings().to().atEndOfMonth();
        LocalDate start = SampleFixture.settings().to().minusMonths(2).atDay(1);
        long pool = volunteers.values().stream().filter(v -> v.get("seat_code").equals(biggest)
                && !Landing.date(v.get("recruited_on")).isAfter(end)).count();
        long active = rows(Source.ACTIVITIES).stream().filter(a -> {
            LocalDate d = Landing.date(a.get("activity_date"));
            return !d.isBefore(start) && !d.isAfter(end)
                    && volunteers.get(a.get("volunteer_id")).get("seat_code").equals(biggest);
        }).map(a -> a.get("volunteer_id")).distinct().count();
        double rate = active / (double) pool;
        System.out.printf("seat %s: pool %d, active over 90 days %d (%.2f)%n", biggest, pool, active, rate);
        assertTrue(rate > 0.25 && rate < 0.45, "activation " + rate);
    }

    @Test
    void training_has_drop_outs_retakes_and_second_counting_courses() {
        Set<String> counting = rows(Source.COURSES).stream().filter(c -> Landing.bool(c.get("counts_as_trained")))
                .map(c -> c.get("course_code")).collect(Collectors.toSet());
        assertTrue(counting.size() < rows(Source.COURSES).size(), "some courses do not count");
        List<Landing.Row> training = rows(Source.TRAINING);
        assertTrue(training.stream().anyMatch(t -> !Landing.bool(t.get("completed"))), "drop-outs");
        Map<String, Long> sessions = training.stream().collect(Collectors.groupingBy(t -> t.get("volunteer_id"),
                Collectors.counting()));
        assertTrue(sessions.values().stream().anyMatch(n -> n >= 2), "several sessions");
        Map<String, Set<String>> completedCounting = new HashMap<>();
        training.stream().filter(t -> Landing.bool(t.get("completed")) && counting.contains(t.get("course_code")))
                .forEach(t -> completedCounting.computeIfAbsent(t.get("volunteer_id"), k -> new HashSet<>())
                        .add(t.get("course_code")));
        assertTrue(completedCounting.values().stream().anyMatch(s -> s.size() >= 2), "two counting courses");
    }

    @Test
    void contacts_have_attempts_refusals_repeat_visits_conversations_and_a_big_issue_per_ward() {
        List<Landing.Row> contacts = rows(Source.CONTACTS);
        Set<String> intentions = contacts.stream().map(c -> Landing.upper(c.get("intention")))
                .collect(Collectors.toSet());
        assertTrue(intentions.containsAll(List.of("NOT_HOME", "REFUSED", "LAB", "UNDECIDED")), intentions.toString());
        assertTrue(contacts.stream().anyMatch(c -> Boolean.TRUE.equals(Landing.bool(c.get("conversation")))));
        assertTrue(contacts.stream().anyMatch(c -> Boolean.FALSE.equals(Landing.bool(c.get("conversation")))));
        Map<String, Long> sameDay = contacts.stream().filter(c -> c.get("elector_id") != null)
                .collect(Collectors.groupingBy(c -> c.get("elector_id") + "@" + c.get("contact_date"),
                        Collectors.counting()));
        assertTrue(sameDay.values().stream().anyMatch(n -> n >= 2), "several contacts of one elector on one day");
        Map<String, Map<String, Long>> issues = contacts.stream()
                .filter(c -> c.get("issue_code") != null && c.get("ward_code") != null)
                .collect(Collectors.groupingBy(c -> c.get("ward_code"),
                        Collectors.groupingBy(c -> c.get("issue_code"), Collectors.counting())));
        long bigIssueWards = issues.values().stream().filter(m -> {
            long total = m.values().stream().mapToLong(Long::longValue).sum();
            long top = m.values().stream().mapToLong(Long::longValue).max().orElse(0);
            return total >= 20 && top > 0.3 * total;
        }).count();
        assertTrue(bigIssueWards >= 5, "wards with one big issue: " + bigIssueWards);
    }

    @Test
    void organising_seats_text_weekly_email_monthly_to_over_5000_and_send_quarterly_newsletters() {
        List<Landing.Row> comms = rows(Source.COMMUNICATIONS);
        Set<String> bigEmailSeats = comms.stream().filter(c -> Landing.upper(c.get("channel")).equals("EMAIL")
                && Long.parseLong(c.get("recipients")) > 5000).map(c -> c.get("seat_code")).collect(Collectors.toSet());
        assertFalse(bigEmailSeats.isEmpty());
        String seat = bigEmailSeats.iterator().next();
        Map<YearMonth, Map<String, Long>> perMonth = comms.stream().filter(c -> c.get("seat_code").equals(seat))
                .collect(Collectors.groupingBy(c -> YearMonth.from(Landing.date(c.get("sent_on"))),
                        Collectors.groupingBy(c -> Landing.upper(c.get("channel")), Collectors.counting())));
        for (Map.Entry<YearMonth, Map<String, Long>> e : perMonth.entrySet()) {
            assertTrue(e.getValue().get("SMS") >= 4, "weekly texts " + e);
            assertEquals(1L, e.getValue().get("EMAIL"), "monthly email " + e);
            assertEquals(1L, e.getValue().get("SURVEY"), "monthly survey " + e);
            assertEquals(e.getKey().getMonthValue() % 3 == 1 ? 1L : null, e.getValue().get("NEWSLETTER"),
                    "quarterly newsletter " + e);
        }
    }
}
