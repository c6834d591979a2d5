/**
 * The synthetic landing-zone generator (the {@code generate} verb).
 *
 * <h2>What it writes</h2>
 * {@code <out>/<source>/*.csv} for every source of {@link org.organisermetrics.contract.Source},
 * plus {@code <out>/_injected-bad-rows.csv} (columns {@code source,reason,rows}; header only
 * without {@code --bad-rows}):
 * <ul>
 *   <li>reference sources as one file each: {@code seats/seats.csv}, {@code wards/wards.csv},
 *       {@code courses/courses.csv}, {@code elections/elections.csv}, {@code organisers/organisers.csv},
 *       {@code pilot_seats/pilot_seats.csv};</li>
 *   <li>snapshots in part files: {@code electors/part-NNNN.csv} (about 750,000 electors each),
 *       {@code volunteers/}, {@code members/} and {@code event_signups/part-NNNN.csv} (100 seats each;
 *       the sign-ups to those seats' events, from their volunteers and from people who do not volunteer),
 *       {@code marked_register/<election_id>-part-NNNN.csv}, {@code results/<election_id>.csv};</li>
 *   <li>fact sources as monthly drops {@code <source>/YYYY-MM.csv}, one per month from --from to
 *       --to, holding only rows dated in that month and never after today.</li>
 * </ul>
 *
 * <h2>How it stays coherent and deterministic</h2>
 * {@link org.organisermetrics.generate.World} (seats, wards, elections, pilot cohort, organisers,
 * mutual-aid pairs) is computed on the driver. Elector n of a seat
 * ({@link org.organisermetrics.generate.Electors}) and a seat's volunteers and members
 * ({@link org.organisermetrics.generate.People}) are pure functions of the seed, so the electors
 * file, the contacts, the marked register and the results agree without the register ever being
 * held in memory. Work is cut into units (a part of the register, one month of one fact source,
 * one election over a range of seats), each writing its own file through Hadoop's FileSystem from
 * its own random streams: output is byte-identical for the same settings whatever the partitions.
 *
 * <h2>Valid but messy</h2>
 * {@link org.organisermetrics.generate.FileStyle} fixes per source: BOM, CRLF, dd/MM/yyyy dates
 * (whole files or single columns), codes in lower/title/mixed case, booleans as yes/no, Y/N, 1/0,
 * a non-contract column order (volunteers, organisers), headers upper-cased or with surrounding
 * spaces, quoted commas, doubled quotes and a quoted line break in addresses; no column outside
 * the contract.
 *
 * <h2>Bad rows</h2>
 * See {@link org.organisermetrics.generate.BadRows}: per source and applicable reason, N rows that
 * break exactly the first rule the ingest meets; conflicts as N fresh keys written twice (2N rows);
 * N verbatim duplicate rows per source. They are appended to the last monthly drop (facts) or the
 * first/only file of the source, so they never touch rows other sources refer to.
 */
package org.organisermetrics.generate;
