package dev.nicpin.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Random bytes, token soups and mutated valid files: the parser must answer each with a table or a
 * {@link RuleFileException} whose errors all have a position, and never throw anything else.
 */
class RuleFileFuzzTest {
    private static final String VALID = String.join("\n",
            "# pinned uplinks",
            "10.20.0.0/16          dev=eth1",
            "10.20.5.0/24          direct                      # carve-out",
            "192.168.3.58  proto=tcp port=8080   dev=ens160",
            "0.0.0.0/0             mark=0x10",
            "2001:db8::/32         dev=eth2 mark=7 src=2001:db8::1",
            "10.20.5.0/24 proto=udp port=53-54 src=10.20.0.1",
            "");
    private static final String[] VOCABULARY = {
        "10.0.0.0/8", "10.20.5.7", "0.0.0.0/0", "::/0", "2001:db8::/32", "::ffff:1.2.3.4", "fe80::1%eth0",
        "255.255.255.255/32", "dev=eth0", "dev=", "dev=a:b", "port=80", "port=80-90", "port=0", "proto=tcp",
        "proto=udp", "proto=", "mark=0x10", "mark=0", "mark=99999999999999999999", "src=10.0.0.1", "src=::1",
        "direct", "direct=1", "#", "=", "/", ":", "::", "0x", "-", ".", "\t", " ", "  ", "\n", "\r\n", "\r", "é",
        "\u0000", "\u00a0", "\uD800", "99999999999999999999", "/33", "/129", "1.2.3", "x".repeat(5000)};

    @Test
    void noInputMakesTheParserThrowAnythingElse() {
        long seed = Seeds.seed("RuleFileFuzzTest");
        Random random = new Random(seed);
        int tables = 0;
        for (int i = 0; i < 6000; i++) {
            byte[] input = i % 3 == 0 ? randomBytes(random) : i % 3 == 1 ? tokenSoup(random) : mutation(random);
            tables += parses(input, "seed " + seed + ", input " + i + ": " + Arrays.toString(input)) ? 1 : 0;
        }
        assertTrue(tables > 0, "some mutations should still be valid files");
    }

    /** True for a table, false for errors; fails the test for anything else. */
    private static boolean parses(byte[] input, String context) {
        try {
            RuleTable table = RuleFile.parse("fuzz.conf", input);
            for (Rule rule : table.rules()) {
                // The canonical text is itself a valid rule that reads back the same.
                Rule reread = RuleTexts.rule(rule.toString());
                assertEquals(rule.toString(), reread.toString(), context);
            }
            return true;
        } catch (RuleFileException e) {
            assertFalse(e.errors().isEmpty(), context);
            for (RuleError error : e.errors()) {
                assertTrue(error.line() >= 1 && error.column() >= 1, context + ": " + error);
                assertEquals("fuzz.conf", error.file(), context);
                assertFalse(error.message().isEmpty(), context);
            }
            return false;
        } catch (RuntimeException | Error e) {
            fail(context, e);
            return false;
        }
    }

    private static byte[] randomBytes(Random random) {
        byte[] bytes = new byte[random.nextInt(300)];
        random.nextBytes(bytes);
        return bytes;
    }

    private static byte[] tokenSoup(Random random) {
        StringBuilder text = new StringBuilder();
        for (int tokens = random.nextInt(40); tokens > 0; tokens--) {
            text.append(VOCABULARY[random.nextInt(VOCABULARY.length)]);
            text.append(random.nextInt(3) == 0 ? "\n" : random.nextBoolean() ? " " : "");
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] mutation(Random random) {
        byte[] bytes = VALID.getBytes(StandardCharsets.UTF_8);
        for (int edits = 1 + random.nextInt(3); edits > 0 && bytes.length > 0; edits--) {
            int at = random.nextInt(bytes.length);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(bytes, 0, at);
            switch (random.nextInt(4)) {
                case 0: // replace a byte
                    out.write(random.nextInt(256));
                    out.write(bytes, at + 1, bytes.length - at - 1);
                    break;
                case 1: // insert a byte, mostly printable
                    String likely = " 0123456789abcdef.:/=-#x\n";
                    int pick = random.nextInt(likely.length());
                    out.write(random.nextBoolean() ? likely.charAt(pick) : random.nextInt(256));
                    out.write(bytes, at, bytes.length - at);
                    break;
                case 2: // delete a byte
                    out.write(bytes, at + 1, bytes.length - at - 1);
                    break;
                default: // repeat a slice, making duplicate rules (ties) likely
                    int length = random.nextInt(bytes.length - at + 1);
                    out.write(bytes, at, length);
                    out.write(bytes, at, bytes.length - at);
                    break;
            }
            bytes = out.toByteArray();
        }
        return bytes;
    }
}
