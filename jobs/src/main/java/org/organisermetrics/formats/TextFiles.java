package org.organisermetrics.formats;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import org.organisermetrics.contract.FileRuleException;

/** Reading a landing or export file's text: gzip, the byte-order mark, strict UTF-8 with the line of the first bad byte. */
public final class TextFiles {
    private TextFiles() {}

    /** Makes the exception a broken file throws: {@code (file, line, what is wrong)}. */
    @FunctionalInterface
    public interface Errors extends java.io.Serializable {
        RuntimeException of(String file, long line, String message);
    }

    /** As {@link #utf8Reader(String, InputStream, Errors)}, throwing {@link FileRuleException}. */
    public static Reader utf8Reader(String fileName, InputStream in) throws IOException {
        return utf8Reader(fileName, in, FileRuleException::new);
    }

    /**
     * A strict UTF-8 reader of a landing file, gunzipping a .gz name, without a leading byte-order
     * mark. A file that breaks a file rule is rejected with a {@link LandingFileException} naming
     * the physical line it happens on: the first byte that is not UTF-8 (counted in the file's own
     * bytes, so a line break inside a quoted value counts as the line it is), a UTF-16 file, a .gz
     * that is not gzip, is empty, or ends before its data does (truncated).
     */
    public static Reader utf8Reader(String fileName, InputStream in, Errors errors) throws IOException {
        return strictUtf8(fileName, gunzipped(fileName, in, errors), errors);
    }

    /** The file's bytes, decompressed when its name ends in .gz (a broken .gz rejects the file, naming it). */
    public static InputStream gunzipped(String fileName, InputStream in, Errors errors) throws IOException {
        InputStream raw = in;
        if (fileName.strip().toLowerCase(Locale.ROOT).endsWith(".gz")) {
            try {
                raw = new GZIPInputStream(in, 1 << 16);
            } catch (java.io.EOFException e) {
                throw errors.of(fileName, 1, "the file is empty or cut short: a .gz file needs a gzip"
                        + " header; export it again, or remove it from the landing folder");
            } catch (java.util.zip.ZipException e) {
                throw errors.of(fileName, 1, "is not a gzip file though its name ends in .gz ("
                        + e.getMessage() + "); compress it with gzip, or name it .csv if it is plain CSV");
            }
        }
        return raw;
    }

    /** Strict UTF-8 text of already decompressed bytes, without a UTF-8 byte-order mark. */
    public static Reader strictUtf8(String fileName, InputStream raw, Errors errors) {
        return new StrictUtf8Reader(fileName, raw, errors);
    }

    /**
     * Decodes UTF-8 by blocks as InputStreamReader does, counting the line breaks of the bytes it has
     * decoded, so that the first invalid byte is named on its own line (a decoder reads ahead of
     * the parse, so the parse's line is only near it).
     */
    private static final class StrictUtf8Reader extends Reader {
        private final String fileName;
        private final InputStream in;
        private final java.nio.charset.CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        private final java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(1 << 16).flip();
        /** Line breaks in the bytes decoded so far. */
        private long lineBreaks;
        private boolean endOfInput;
        private boolean flushed;
        private boolean started;
        /** Whether the last byte counted was a CR (a LF right after it ends the same line). */
        private boolean afterCr;

        private final Errors errors;

        StrictUtf8Reader(String fileName, InputStream in, Errors errors) {
            this.errors = errors;
            this.fileName = fileName;
            this.in = in;
        }

        @Override
        public int read(char[] target, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (!started) {
                start();
            }
            java.nio.CharBuffer out = java.nio.CharBuffer.wrap(target, offset, length);
            while (out.position() == offset) {
                if (flushed) {
                    return -1;
                }
                int from = bytes.position();
                java.nio.charset.CoderResult result = decoder.decode(bytes, out, endOfInput);
                countLineBreaks(from, bytes.position());
                if (result.isError()) {
                    int bad = bytes.get(bytes.position()) & 0xff;
                    throw errors.of(fileName, lineBreaks + 1, String.format(Locale.ROOT,
                            "is not UTF-8: byte 0x%02X on this line is not valid UTF-8 (the file is probably in a"
                                    + " Windows or Latin-1 encoding); save it as UTF-8 (Excel: \"CSV UTF-8\") and run"
                                    + " again", bad));
                }
                if (result.isOverflow()) {
                    break;
                }
                if (endOfInput) {
                    decoder.flush(out);
                    flushed = true;
                } else {
                    fill();
                }
            }
            return out.position() == offset ? -1 : out.position() - offset;
        }

        /** Drops a UTF-8 byte-order mark; a UTF-16 one rejects the file. */
        private void start() throws IOException {
            started = true;
            while (bytes.remaining() < 3 && !endOfInput) {
                fill();
            }
            int b0 = bytes.remaining() > 0 ? bytes.get(0) & 0xff : -1;
            int b1 = bytes.remaining() > 1 ? bytes.get(1) & 0xff : -1;
            int b2 = bytes.remaining() > 2 ? bytes.get(2) & 0xff : -1;
            if (b0 == 0xEF && b1 == 0xBB && b2 == 0xBF) {
                bytes.position(3);
            } else if ((b0 == 0xFF && b1 == 0xFE) || (b0 == 0xFE && b1 == 0xFF)) {
                throw errors.of(fileName, 1, "is UTF-16 (it starts with a UTF-16 byte-order mark), not"
                        + " UTF-8; save it as UTF-8 (Excel: \"CSV UTF-8\") and run again");
            }
        }

        /** Reads more bytes after those not yet decoded; at the end of the stream, marks the end of input. */
        private void fill() throws IOException {
            bytes.compact();
            try {
                int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
                if (n < 0) {
                    endOfInput = true;
                } else {
                    bytes.position(bytes.position() + n);
                }
            } catch (java.io.EOFException | java.util.zip.ZipException e) {
                // GZIPInputStream: "Unexpected end of ZLIB input stream" (truncated) or a corrupt block.
                long line = lineBreaks + 1 + lineBreaks(bytes.array(), 0, bytes.position());
                boolean truncated = e instanceof java.io.EOFException;
                throw errors.of(fileName, line, (truncated
                        ? "the file is truncated: its compressed data ends on this line, before the end of the file ("
                        : "the compressed data is corrupt from this line (") + e.getMessage()
                        + "); copy or export the file again");
            } finally {
                bytes.flip();
            }
        }

        /** Line ends as the CSV reader counts them: LF, CRLF and a lone CR are one each. */
        private void countLineBreaks(int from, int to) {
            lineBreaks += lineBreaks(bytes.array(), from, to);
        }

        /** Line ends in a[from, to), after a chunk that ended in a CR or not ({@link #afterCr}, updated). */
        private long lineBreaks(byte[] a, int from, int to) {
            long n = 0;
            boolean cr = afterCr;
            for (int i = from; i < to; i++) {
                byte b = a[i];
                if (b == '\n') {
                    if (!cr) {
                        n++;
                    }
                    cr = false;
                } else if (b == '\r') {
                    n++;
                    cr = true;
                } else {
                    cr = false;
                }
            }
            afterCr = cr;
            return n;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
