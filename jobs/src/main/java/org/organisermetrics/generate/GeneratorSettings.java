package org.organisermetrics.generate;

import java.io.Serializable;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.Locale;
import org.organisermetrics.contract.Codes;

/**
 * Everything that decides a generated landing zone. Same settings (seed included) give
 * byte-identical files.
 *
 * @param out              landing directory: a local path or a Hadoop URI (file:, hdfs:, s3a:...)
 * @param seed             the seed every random draw derives from
 * @param scale            the named scale the sizes below come from
 * @param seats            number of seats (the first N of a fixed order that interleaves regions)
 * @param from             first month of fact data (contacts, activities...)
 * @param to               last month of fact data; nothing is dated after {@code today} anyway
 * @param pilotEffect      extra recruits per selected pilot seat per month from its start month
 *                         (whole part exactly, fractional part as a coin toss each month)
 * @param badRowsPerReason injected bad rows per (source, quarantine reason) and exact duplicates per source
 * @param today            the run date: no date in the output is after it
 * @param ownParty         the party whose organising is measured (a code of {@link Codes#PARTIES})
 * @param electorsPerSeat  mean electors per seat
 * @param maxHelpersPerSeat helper pool an organising seat reaches over about three years
 * @param formats          electors and the marked register written as council exports ({@link Exports}), not contract CSVs
 * @param departures       departures from the ideal pilot for the coverage study ({@link PilotDepartures}); null or
 *                         {@link PilotDepartures#NONE} for none
 */
public record GeneratorSettings(
        String out,
        long seed,
        Scale scale,
        int seats,
        YearMonth from,
        YearMonth to,
        double pilotEffect,
        int badRowsPerReason,
        LocalDate today,
        String ownParty,
        int electorsPerSeat,
        int maxHelpersPerSeat,
        boolean formats,
        PilotDepartures departures) implements Serializable {

    /** The seat list holds the 650 seats of the 2010-2019 boundaries. */
    public static final int MAX_SEATS = 650;
    /** Dates before 1990 are quarantined; the generator puts up to six years of history before {@code from}. */
    static final YearMonth EARLIEST_FROM = YearMonth.of(2000, 1);

    public GeneratorSettings {
        if (out == null || out.isBlank()) {
            throw new InvalidSettingsException("an output directory is required (--out)");
        }
        if (seats < 1 || seats > MAX_SEATS) {
            throw new InvalidSettingsException("--seats must be between 1 and " + MAX_SEATS + ", not " + seats);
        }
        if (from == null || to == null || today == null) {
            throw new InvalidSettingsException("from, to and today are required");
        }
        if (from.isAfter(to)) {
            throw new InvalidSettingsException("--from " + from + " is after --to " + to);
        }
        if (from.isBefore(EARLIEST_FROM)) {
            throw new InvalidSettingsException("--from must be " + EARLIEST_FROM + " or later (the generated history before it must start after 1990)");
        }
        if (from.isAfter(YearMonth.from(today))) {
            throw new InvalidSettingsException("--from " + from + " is after today (" + today + "): nothing could be generated");
        }
        if (!(pilotEffect >= 0) || Double.isInfinite(pilotEffect)) {
            throw new InvalidSettingsException("--pilot-effect must be a number >= 0, not " + pilotEffect);
        }
        if (badRowsPerReason < 0) {
            throw new InvalidSettingsException("--bad-rows must be >= 0, not " + badRowsPerReason);
        }
        ownParty = ownParty == null ? "LAB" : ownParty.trim().toUpperCase(Locale.ROOT);
        if (!Codes.PARTIES.contains(ownParty)) {
            throw new InvalidSettingsException("--party must be one of " + Codes.PARTIES + ", not " + ownParty);
        }
        if (electorsPerSeat < 100) {
            throw new InvalidSettingsException("electorsPerSeat must be at least 100");
        }
        if (maxHelpersPerSeat < 20) {
            throw new InvalidSettingsException("maxHelpersPerSeat must be at least 20");
        }
        departures = departures == null ? PilotDepartures.NONE : departures;
    }

    /** A named scale with its defaults: seed 1, three years ending with the last complete month, no pilot effect, no bad rows, LAB. */
    public static GeneratorSettings forScale(Scale scale, String out, LocalDate today) {
        return new GeneratorSettings(out, 1L, scale, scale.seats(), defaultFrom(today), defaultTo(today),
                0.0, 0, today, "LAB", scale.electorsPerSeat(), scale.maxHelpersPerSeat(), false, PilotDepartures.NONE);
    }

    /** The last complete month before {@code today}. */
    public static YearMonth defaultTo(LocalDate today) {
        return YearMonth.from(today).minusMonths(1);
    }

    /** 36 months ending with {@link #defaultTo}. */
    public static YearMonth defaultFrom(LocalDate today) {
        return defaultTo(today).minusMonths(35);
    }

    public GeneratorSettings withSeed(long s) {
        return new GeneratorSettings(out, s, scale, seats, from, to, pilotEffect, badRowsPerReason, today, ownParty,
                electorsPerSeat, maxHelpersPerSeat, formats, departures);
    }

    public GeneratorSettings withOut(String o) {
        return new GeneratorSettings(o, seed, scale, seats, from, to, pilotEffect, badRowsPerReason, today, ownParty,
                electorsPerSeat, maxHelpersPerSeat, formats, departures);
    }

    public GeneratorSettings withSeats(int n) {
        return new GeneratorSettings(out, seed, scale, n, from, to, pilotEffect, badRowsPerReason, today, ownParty,
                electorsPerSeat, maxHelpersPerSeat, formats, departures);
    }

    public GeneratorSettings withPeriod(YearMonth f, YearMonth t) {
        return new GeneratorSettings(out, seed, scale, seats, f, t, pilotEffect, badRowsPerReason, today, ownParty,
                electorsPerSeat, maxHelpersPerSeat, formats, departures);
    }

    public GeneratorSettings withPilotEffect(double x) {
        return new GeneratorSettings(out, seed, scale, seats, from, to, x, badRowsPerReason, today, ownParty,
                electorsPerSeat, maxHelpersPerSeat, formats, departures);
    }

    public GeneratorSettings withBadRows(int n) {
        return new GeneratorSettings(out, seed, scale, seats, from, to, pilotEffect, n, today, ownParty,
                electorsPerSeat, maxHelpersPerSeat, formats, departures);
    }

    public GeneratorSettings withOwnParty(String p) {
        return new GeneratorSettings(out, seed, scale, seats, from, to, pilotEffect, badRowsPerReason, today, p,
                electorsPerSeat, maxHelpersPerSeat, formats, departures);
    }

    public GeneratorSettings withSizes(int electors, int maxHelpers) {
        return new GeneratorSettings(out, seed, scale, seats, from, to, pilotEffect, badRowsPerReason, today, ownParty,
                electors, maxHelpers, formats, departures);
    }

    public GeneratorSettings withFormats(boolean f) {
        return new GeneratorSettings(out, seed, scale, seats, from, to, pilotEffect, badRowsPerReason, today, ownParty,
                electorsPerSeat, maxHelpersPerSeat, f, departures);
    }

    public GeneratorSettings withDepartures(PilotDepartures d) {
        return new GeneratorSettings(out, seed, scale, seats, from, to, pilotEffect, badRowsPerReason, today, ownParty,
                electorsPerSeat, maxHelpersPerSeat, formats, d);
    }

    /** The last day that can carry data: the end of {@code to}, or today if earlier. */
    public LocalDate lastDay() {
        LocalDate end = to.atEndOfMonth();
        return end.isAfter(today) ? today : end;
    }
}
