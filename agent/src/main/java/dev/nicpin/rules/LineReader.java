package dev.nicpin.rules;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Splits a rule file into lines of text. A line that is not text — too long, not UTF-8, holding a
 * NUL or another control character, or a space other than space and tab — is reported and
 * skipped, so the parser only ever sees printable text. Line breaks are LF or CRLF; a UTF-8 byte
 * order mark at the start is skipped.
 */
final class LineReader {
    /** A longer line is an error: no rule needs it, and it keeps garbage input cheap. */
    static final int MAX_LINE_BYTES = 4096;
    /** A longer file is an error (a million rules take about 40 MB); it also ends endless input such as /dev/zero. */
    private static final long MAX_FILE_BYTES = 1L << 30;

    private final String file;
    private final InputStream in;
    private final List<RuleError> errors;
    private final byte[] chunk = new byte[1 << 16];
    private final byte[] line = new byte[MAX_LINE_BYTES + 1]; // + 1 for the CR of a CRLF
    private final CharBuffer chars = CharBuffer.allocate(MAX_LINE_BYTES);
    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder(); // reports malformed input
    private int chunkPosition;
    private int chunkEnd;
    private long fileBytes;
    private boolean atEnd;
    private int number;

    LineReader(String file, InputStream in, List<RuleError> errors) {
        this.file = file;
        this.in = in;
        this.errors = errors;
    }

    /** The 1-based number of the line {@link #next()} returned last. */
    int number() {
        return number;
    }

    /** The next line that is text, without its line break, or null at the end of the file. */
    String next() throws IOException {
        while (!atEnd) {
            long length = readLine();
            if (length < 0) {
                return null;
            }
            number++;
            String text = decode(length);
            if (text != null && isText(text)) {
                return text;
            }
        }
        return null;
    }

    /** Reads up to the next LF, keeping the first bytes in {@link #line}; the line's length, or -1 at the end. */
    private long readLine() throws IOException {
        long length = 0;
        while (true) {
            if (chunkPosition == chunkEnd) {
                chunkEnd = Math.max(0, in.read(chunk));
                chunkPosition = 0;
                fileBytes += chunkEnd;
                if (fileBytes > MAX_FILE_BYTES) {
                    errors.add(new RuleError(file, number + 1, 1, "expected a rule file of at most "
                            + MAX_FILE_BYTES + " bytes, found more"));
                    atEnd = true;
                    return -1;
                }
                if (chunkEnd == 0) {
                    atEnd = true;
                    return length == 0 ? -1 : length;
                }
            }
            byte b = chunk[chunkPosition++];
            if (b == '\n') {
                return length;
            }
            if (length < line.length) {
                line[(int) length] = b;
            }
            length++;
        }
    }

    private String decode(long length) {
        boolean crlf = length > 0 && length <= line.length && line[(int) length - 1] == '\r';
        long content = crlf ? length - 1 : length;
        if (content > MAX_LINE_BYTES) {
            errors.add(new RuleError(file, number, 1, "expected a line of at most " + MAX_LINE_BYTES
                    + " bytes, found " + content + " bytes"));
            return null;
        }
        boolean bom = number == 1 && content >= 3
                && (line[0] & 0xFF) == 0xEF && (line[1] & 0xFF) == 0xBB && (line[2] & 0xFF) == 0xBF;
        ByteBuffer bytes = ByteBuffer.wrap(line, bom ? 3 : 0, (int) content - (bom ? 3 : 0));
        chars.clear();
        utf8.reset();
        CoderResult result = utf8.decode(bytes, chars, true);
        if (!result.isError()) {
            result = utf8.flush(chars);
        }
        chars.flip();
        if (result.isError()) {
            errors.add(new RuleError(file, number, Character.codePointCount(chars, 0, chars.limit()) + 1,
                    String.format("expected UTF-8 text, found byte 0x%02x", line[bytes.position()] & 0xFF)));
            return null;
        }
        return chars.toString();
    }

    private boolean isText(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String problem = c == 0 ? "expected text, found a NUL byte"
                    : c == '\t' || c == ' ' ? null
                    : Character.isISOControl(c)
                            ? String.format("expected text, found control character U+%04X", (int) c)
                    : Character.isWhitespace(c) || Character.isSpaceChar(c)
                            ? String.format("expected a space or tab, found U+%04X", (int) c) : null;
            if (problem != null) {
                errors.add(new RuleError(file, number, text.codePointCount(0, i) + 1, problem));
                return false;
            }
        }
        return true;
    }
}
