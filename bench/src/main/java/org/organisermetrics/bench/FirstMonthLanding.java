package org.organisermetrics.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The landing zone as it stood at the end of its first month: the yardstick of a month's run.
 * A monthly drop ({@code contacts/2021-11.csv}) is kept only up to that month, an election's files
 * ({@code marked_register/GE-2020-03-05-part-0001.csv}, {@code results/LOCAL-2022-05-05.csv}) only
 * for elections polled by then; every other file (the register, members, volunteers, seats and the
 * other snapshots and lists) is kept whole, as the party exports them every month. Files are hard
 * links into the cached landing zone (copies where the file system has none), so it costs no space.
 *
 * <p>The snapshots are today's, not the first month's (the generator writes one register): the first
 * month's run parses a register and volunteer list as large as the last month's, which makes it an
 * upper bound of a real first month, not a flattering one.
 */
public final class FirstMonthLanding {
    private static final Pattern MONTHLY = Pattern.compile("(\\d{4}-\\d{2})\\.csv");
    private static final Pattern ELECTION = Pattern.compile(".*(\\d{4}-\\d{2}-\\d{2})(-part-\\d+)?\\.csv");

    private FirstMonthLanding() {}

    /** Whether the file (a path relative to the landing root) was in the landing zone at the end of the month. */
    static boolean existedBy(Path relative, YearMonth month) {
        String name = relative.getFileName().toString();
        Matcher monthly = MONTHLY.matcher(name);
        if (monthly.matches()) {
            return !YearMonth.parse(monthly.group(1)).isAfter(month);
        }
        Matcher election = ELECTION.matcher(name);
        if (election.matches()) {
            return !LocalDate.parse(election.group(1)).isAfter(month.atEndOfMonth());
        }
        return true;
    }

    /**
     * Makes {@code target} (emptied first) the landing zone of {@code month}; returns how many files it has.
     * The cache's completion marker is left out.
     */
    public static long link(Path landing, YearMonth month, Path target) {
        try {
            DuckDbPeer.deleteTree(target);
            long files = 0;
            try (Stream<Path> all = Files.walk(landing)) {
                for (Path file : (Iterable<Path>) all.filter(Files::isRegularFile)::iterator) {
                    Path relative = landing.relativize(file);
                    if (relative.toString().equals(LandingCache.MARKER) || !existedBy(relative, month)) {
                        continue;
                    }
                    Path to = target.resolve(relative);
                    Files.createDirectories(to.getParent());
                    try {
                        Files.createLink(to, file);
                    } catch (FileSystemException | UnsupportedOperationException e) {
                        Files.copy(file, to, StandardCopyOption.COPY_ATTRIBUTES);
                    }
                    files++;
                }
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the first month's landing zone " + target + ": " + e.getMessage(), e);
        }
    }
}
