package org.organisermetrics.generate;

import java.util.Locale;

/** Named sizes of a generated landing zone. */
public enum Scale {
    /** 12 seats in three regions, about 1,200 electors a seat: a few MB, for the committed sample and tests. */
    SAMPLE(12, 1_200, 250),
    /** About a tenth of the country at real size (65 seats, about 74,000 electors a seat). */
    REGIONAL(65, 74_000, 1_200),
    /** The whole country for one party: 650 seats, about 48 million electors. */
    NATIONAL(650, 74_000, 1_200);

    private final int seats;
    private final int electorsPerSeat;
    private final int maxHelpersPerSeat;

    Scale(int seats, int electorsPerSeat, int maxHelpersPerSeat) {
        this.seats = seats;
        this.electorsPerSeat = electorsPerSeat;
        this.maxHelpersPerSeat = maxHelpersPerSeat;
    }

    public int seats() { return seats; }

    /** Mean electors per seat (each seat draws 80%-120% of it). */
    public int electorsPerSeat() { return electorsPerSeat; }

    /** The helper pool an organising seat reaches over about three years (others get a small fraction). */
    public int maxHelpersPerSeat() { return maxHelpersPerSeat; }

    public String label() { return name().toLowerCase(Locale.ROOT); }

    public static Scale parse(String s) {
        for (Scale v : values()) {
            if (v.label().equalsIgnoreCase(s.trim())) {
                return v;
            }
        }
        throw new IllegalArgumentException("unknown scale '" + s + "' (expected sample, regional or national)");
    }
}
