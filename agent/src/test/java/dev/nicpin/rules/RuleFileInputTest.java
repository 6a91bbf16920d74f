package dev.nicpin.rules;

import static dev.nicpin.rules.RuleTexts.errors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What is not text, too much, or not there at all. */
class RuleFileInputTest {
    @TempDir
    Path directory;

    @Test
    void loadsAFileAndNamesItAsGiven() throws Exception {
        byte[] text = "10.0.0.0/8 dev=eth1\n".getBytes(StandardCharsets.UTF_8);
        Path file = Files.write(directory.resolve("rules.conf"), text);
        RuleTable table = RuleFile.load(file);
        assertEquals(1, table.size());
        assertEquals(file + ":1", table.rules().get(0).location());
    }

    @Test
    void aMissingFileIsOneErrorNamingThePathAndTheReason() {
        Path missing = directory.resolve("missing.conf");
        RuleFileException e = assertThrows(RuleFileException.class, () -> RuleFile.load(missing));
        assertEquals(Collections.singletonList(missing + ": cannot read: no such file or directory"), strings(e));
        assertEquals(0, e.errors().get(0).line());
    }

    @Test
    void aDirectoryIsNotARuleFile() {
        RuleFileException e = assertThrows(RuleFileException.class, () -> RuleFile.load(directory));
        assertEquals(Collections.singletonList(directory + ": cannot read: Is a directory"), strings(e));
    }

    @Test
    void invalidUtf8IsReportedWhereItStarts() {
        byte[] content = {'1', '0', '.', '0', '.', '0', '.', '0', '/', '8', ' ', 'd', 'e', 'v', '=', (byte) 0xC3, '\n',
            '#', ' ', (byte) 0xE9, 't', 'e', '\n'};
        assertEquals(Arrays.asList("t.conf:1:16: expected UTF-8 text, found byte 0xc3",
                "t.conf:2:3: expected UTF-8 text, found byte 0xe9"), errors(content));
    }

    @Test
    void overlongAndSurrogateEncodingsAreNotUtf8() {
        assertEquals(Arrays.asList("t.conf:1:1: expected UTF-8 text, found byte 0xc0"),
                errors(new byte[] {(byte) 0xC0, (byte) 0xAF}));
        assertEquals(Arrays.asList("t.conf:1:1: expected UTF-8 text, found byte 0xed"),
                errors(new byte[] {(byte) 0xED, (byte) 0xA0, (byte) 0x80}));
    }

    @Test
    void nulAndControlCharactersAreErrorsEvenInComments() {
        assertEquals(Arrays.asList(
                "t.conf:1:20: expected text, found a NUL byte",
                "t.conf:2:3: expected text, found control character U+0007",
                "t.conf:3:11: expected text, found control character U+000D",
                "t.conf:4:11: expected a space or tab, found U+00A0",
                "t.conf:5:4: expected a space or tab, found U+2003"),
                errors("10.0.0.0/8 dev=eth1\0\n# \u0007 bell\n10.0.0.0/8\rdev=a\n10.0.0.0/8\u00a0dev=a\n#ok\u2003\n"));
    }

    @Test
    void linesHaveAByteLimit() throws Exception {
        String comment = "#" + "x".repeat(LineReader.MAX_LINE_BYTES - 1);
        assertEquals(0, RuleTexts.table(comment + "\n" + comment + "\r\n" + comment).size());
        assertEquals(Arrays.asList("t.conf:2:1: expected a line of at most 4096 bytes, found 4097 bytes",
                "t.conf:3:1: expected a line of at most 4096 bytes, found 1000000 bytes"),
                errors(comment + "\n" + comment + "x\n" + "#".repeat(1_000_000) + "\n10.0.0.0/8 dev=e\n"));
        // A two-byte character counts twice.
        assertEquals(Arrays.asList("t.conf:1:1: expected a line of at most 4096 bytes, found 4097 bytes"),
                errors("#" + "x".repeat(LineReader.MAX_LINE_BYTES - 2) + "é"));
    }

    @Test
    void endlessInputStopsAtTheFileLimit() throws Exception {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return '#';
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                Arrays.fill(buffer, offset, offset + length, (byte) '#');
                return length;
            }
        };
        List<RuleError> errors = new ArrayList<>();
        LineReader reader = new LineReader("zero", endless, errors);
        assertNull(reader.next());
        assertEquals(List.of("zero:1:1: expected a rule file of at most 1073741824 bytes, found more"),
                errors.stream().map(RuleError::toString).collect(Collectors.toList()));
    }

    @Test
    void garbageStopsAfterAThousandErrors() {
        String garbage = "garbage dev=x\n".repeat(5000);
        List<String> errors = errors(garbage);
        assertEquals(RuleFile.MAX_ERRORS + 1, errors.size());
        assertEquals("t.conf:1001:1: stopped after 1000 errors", errors.get(RuleFile.MAX_ERRORS));
    }

    @Test
    void theExceptionMessageListsEveryErrorOnItsOwnLine() {
        RuleFileException e = assertThrows(RuleFileException.class,
                () -> RuleFile.parse("t.conf", "x dev=a\ny dev=b\n".getBytes(StandardCharsets.UTF_8)));
        assertEquals(String.join("\n", strings(e)), e.getMessage());
        assertEquals(2, e.errors().size());
    }

    @Test
    void aLargeFileLoads() throws Exception {
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        for (int i = 0; i < 100_000; i++) {
            text.write(("10." + (i >> 16) + "." + (i >> 8 & 0xFF) + "." + (i & 0xFF) + " dev=eth" + i % 4 + "\n")
                    .getBytes(StandardCharsets.US_ASCII));
        }
        RuleTable table = RuleFile.parse("big.conf", text.toByteArray());
        assertEquals(100_000, table.size());
        assertEquals("big.conf:77778", table.match(AddressLiteral.parse("10.1.47.209"), 80, Protocol.TCP).location());
    }

    private static List<String> strings(RuleFileException e) {
        return e.errors().stream().map(RuleError::toString).collect(Collectors.toList());
    }
}
