package dev.nicpin.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.nicpin.rules.Seeds;
import java.nio.charset.StandardCharsets;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Hostile agent arguments, system properties and environment variables: random bytes decoded as
 * the JVM decodes its command line and environment, soups of the real keys in every spelling,
 * mutations of a good argument string, and huge input. Each must resolve to the configuration the
 * documented precedence picks, or to a {@link ConfigException} whose every line is short,
 * printable and names a source as it was given; never to another exception, never to a hang. The
 * check attach makes first ({@link AgentConfig#problemsOf}) must agree with what the agent does.
 */
class AgentConfigFuzzTest {
    /** Only a hang guard: a round takes a few seconds. */
    private static final Duration HANG = Duration.ofMinutes(2);
    private static final String GOOD = "rules=/etc/nicpin/rules.conf,mode=audit,onError=warn,log=debug,unsafeRules=allow";
    private static final String NO_RULES = "no rules file: give rules=PATH as agent argument"
            + " (-javaagent:nicpin-agent.jar=rules=/etc/nicpin/rules.conf), or -Dnicpin.rules=PATH, or NICPIN_RULES=PATH";
    /** Ours, mistyped, in the wrong case, and as the other sources spell them. */
    private static final String[] NAMES = {"enabled", "rules", "mode", "onError", "log", "unsafeRules", "ONERROR",
        "onerror", "Mode", " mode ", "rule", "", "nicpin.mode", "NICPIN_MODE", "\u0000mode", "mode\u00a0"};
    private static final String[] VALUES = {"true", "false", "False", "enforce", "audit", "AUDIT", "fail", "warn",
        "off", "error", "info", "debug", "trace", "refuse", "allow", "/etc/nicpin/rules.conf", "r.conf", "/tmp/é",
        "a=b=c", "", " ", "\u0000", "\u001b[31m", "\r\n", "\n[nicpin] forged", "\uD800", "\uDC00x", "\u2028",
        "\u202E", "\uFFFD", "\u00ff", "\uD83D\uDE00", "\u0085", "x".repeat(5000)};
    /** Pairs that are valid on their own: a soup of them and nothing else is a configuration. */
    private static final String[] GOOD_PAIRS = {"rules=/etc/nicpin/rules.conf", "rules=r.conf", "mode=audit",
        "mode=enforce", "onError=warn", "onError=fail", "log=debug", "log=off", "unsafeRules=allow",
        "unsafeRules=refuse", "enabled=true", "enabled=false"};
    private static final String[] SEPARATORS = {",", ",,,", "=", "===", ", ", "\t", "\n", ""};
    private static final String[] PREFIXES = {"nicpin.", "NICPIN_", "Nicpin.", "nicpin_", "NICPIN.", ""};

    @Test
    void everyInputGivesTheDocumentedConfigurationOrItsError() {
        long seed = Seeds.seed("AgentConfigFuzzTest");
        Random random = new Random(seed);
        int[] outcomes = new int[2];
        assertTimeoutPreemptively(HANG, () -> {
            for (int i = 0; i < 4000; i++) {
                String arguments = i % 4 == 0 ? decoded(random) : i % 4 == 1 ? mutation(random) : soup(random);
                Map<String, String> properties = source(random, "nicpin.");
                Map<String, String> environment = source(random, "NICPIN_");
                String context = "seed " + seed + ", input " + i + ": arguments " + visible(arguments)
                        + ", properties " + visible(properties) + ", environment " + visible(environment);
                outcomes[check(arguments, properties, environment, context) ? 0 : 1]++;
                checkAttachAgrees(arguments, context);
                checkRewriteKeepsTheRest(arguments, context);
            }
        });
        assertTrue(outcomes[0] > 100 && outcomes[1] > 100, "both outcomes, often: " + Arrays.toString(outcomes));
    }

    @Test
    void hugeAndDeepInputIsAnsweredBriefly() {
        long seed = Seeds.seed("AgentConfigFuzzTest huge");
        Random random = new Random(seed);
        String huge = hostile(random, 10 << 20);
        StringBuilder pairs = new StringBuilder(GOOD);
        for (int i = 0; i < 1_000_000; i++) {
            pairs.append(',').append(NAMES[random.nextInt(NAMES.length)]).append('=')
                    .append(VALUES[random.nextInt(VALUES.length - 1)]); // all but the 5000 x's: 1M of those is 10 GB
        }
        Map<String, String> none = Map.of();
        assertTimeoutPreemptively(HANG, () -> {
            for (String arguments : List.of("rules=r,mode=" + huge, "rules=" + huge, huge + "=x,rules=r", huge,
                    pairs.toString(), "rules=" + "a=".repeat(1 << 20), "=".repeat(1 << 20), ",".repeat(1 << 16),
                    "rules=r" + ",mode=audit".repeat(1 << 16))) {
                check(arguments, none, none, "seed " + seed + ": arguments " + visible(arguments));
            }
            for (Map<String, String> source : List.of(Map.of("nicpin.log", huge), Map.of("nicpin." + huge, "x"),
                    Map.of("nicpin.rules", huge))) {
                check(null, source, none, "seed " + seed + ": properties " + visible(source));
                check(null, none, renamed(source), "seed " + seed + ": environment " + visible(renamed(source)));
            }
        });
    }

    /**
     * Resolves, and fails the test unless the outcome is as documented.
     *
     * @return true for a configuration, false for the documented error
     */
    private static boolean check(String arguments, Map<String, String> properties, Map<String, String> environment,
                                 String context) {
        AgentConfig config;
        try {
            config = AgentConfig.resolve(arguments, properties, environment);
        } catch (ConfigException e) {
            checkMessage(e.getMessage(), arguments, properties, environment, context);
            return false;
        } catch (RuntimeException | Error e) {
            fail(context, e);
            return false;
        }
        if ("false".equals(given(Key.ENABLED, arguments, properties, environment))) {
            assertFalse(config.enabled(), context);
            return true;
        }
        assertTrue(config.enabled(), context);
        assertEquals(given(Key.RULES, arguments, properties, environment), config.rules(), context);
        assertEquals(expected(Key.MODE, arguments, properties, environment), lower(config.mode()), context);
        assertEquals(expected(Key.ON_ERROR, arguments, properties, environment), lower(config.onError()), context);
        assertEquals(expected(Key.LOG, arguments, properties, environment), lower(config.log()), context);
        assertEquals(expected(Key.UNSAFE_RULES, arguments, properties, environment).equals("allow"),
                config.allowUnsafeRules(), context);
        // What the agent does with it next: name it as a path, and log it.
        assertTrue(printable(config.rules()), context);
        Paths.get(config.rules());
        return true;
    }

    /** At most 20 problems and a count, each on a line that is short, printable, and starts with its source as given. */
    private static void checkMessage(String message, String arguments, Map<String, String> properties,
                                     Map<String, String> environment, String context) {
        List<String> lines = Arrays.asList(message.split("\n", -1));
        assertTrue(lines.size() <= Problems.MAX + 1, context + ": " + lines.size() + " lines");
        Set<String> sources = sources(arguments, properties, environment);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            assertTrue(line.length() <= 1000, context + ": a line of " + line.length() + " characters");
            assertTrue(printable(line), () -> context + ": " + visible(line));
            boolean count = i == Problems.MAX && line.matches("and [0-9]+ more problems");
            assertTrue(count || line.equals(NO_RULES) || startsWithSource(line, sources),
                    () -> context + ": a line that names no source as given: " + visible(line));
        }
    }

    /** What attach checks before it loads the agent agrees with what the agent then does. */
    private static void checkAttachAgrees(String arguments, String context) {
        Map<String, String> none = Map.of();
        List<String> problems = AgentConfig.problemsOf(arguments);
        assertTrue(problems.size() <= Problems.MAX + 1, context);
        String error = null;
        boolean enabled = false;
        try {
            enabled = AgentConfig.resolve(arguments, none, none).enabled();
        } catch (ConfigException e) {
            error = e.getMessage();
        }
        if (problems.isEmpty()) {
            assertTrue(error == null || error.equals(NO_RULES), () -> context + ": the agent refuses what attach let"
                    + " through: " + visible(problems));
        } else {
            assertTrue(error != null || !enabled, context + ": the agent runs with what attach refused");
        }
    }

    /** attach makes the rules path absolute: that must change nothing else, nor whether the arguments are valid. */
    private static void checkRewriteKeepsTheRest(String arguments, String context) {
        String rewritten = AgentConfig.rewriteArgument(arguments, Key.RULES, value -> value);
        assertEquals(AgentConfig.problemsOf(arguments).isEmpty(), AgentConfig.problemsOf(rewritten).isEmpty(), context);
        for (Key key : Key.values()) {
            assertEquals(AgentConfig.argument(arguments, key), AgentConfig.argument(rewritten, key), context);
        }
    }

    /**
     * The documented precedence, read naively: the key's first entry in the arguments, its property,
     * its variable; an empty value is no value (it is an error, which only the kill switch outranks).
     */
    private static String given(Key key, String arguments, Map<String, String> properties,
                                Map<String, String> environment) {
        for (String entry : arguments == null ? new String[0] : arguments.split(",", -1)) {
            int equals = entry.indexOf('=');
            if (equals >= 0 && equals < entry.length() - 1 && entry.substring(0, equals).trim().equals(key.argumentName())) {
                return entry.substring(equals + 1);
            }
        }
        for (String value : new String[] {properties.get(key.propertyName()), environment.get(key.environmentName())}) {
            if (value != null && !value.isEmpty()) {
                return value;
            }
        }
        return null;
    }

    private static String expected(Key key, String arguments, Map<String, String> properties,
                                   Map<String, String> environment) {
        String given = given(key, arguments, properties, environment);
        return given != null ? given : key.defaultValue();
    }

    /** Every "SOURCE: " a line may start with: each argument entry, property and variable as given. */
    private static Set<String> sources(String arguments, Map<String, String> properties,
                                       Map<String, String> environment) {
        Set<String> sources = new HashSet<>();
        for (String entry : arguments == null ? new String[0] : arguments.split(",", -1)) {
            sources.add("agent argument '" + Shown.text(entry) + "': ");
        }
        properties.forEach((name, value) -> sources.add("system property " + Shown.text(name) + "="
                + Shown.text(value) + ": "));
        environment.forEach((name, value) -> sources.add("environment variable " + Shown.text(name) + "="
                + Shown.text(value) + ": "));
        return sources;
    }

    private static boolean startsWithSource(String line, Set<String> sources) {
        for (int at = line.indexOf(": "); at >= 0; at = line.indexOf(": ", at + 1)) {
            if (sources.contains(line.substring(0, at + 2))) {
                return true;
            }
        }
        return false;
    }

    /**
     * Nothing a log or a terminal acts on: no control character (NUL, CR, LF, ESC, NEL...), no line
     * or paragraph separator, no bidirectional override or other format character, no lone surrogate.
     */
    private static boolean printable(String text) {
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            int type = Character.getType(c);
            if (Character.isISOControl(c) || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                    || type == Character.FORMAT || type == Character.SURROGATE) {
                return false;
            }
        }
        return true;
    }

    /** Bytes as a JVM may decode its command line or environment: as Latin-1, or as UTF-8 with replacement characters. */
    private static String decoded(Random random) {
        byte[] bytes = new byte[random.nextInt(300)];
        random.nextBytes(bytes);
        return new String(bytes, random.nextBoolean() ? StandardCharsets.ISO_8859_1 : StandardCharsets.UTF_8);
    }

    private static String soup(Random random) {
        StringBuilder text = new StringBuilder();
        for (int pairs = random.nextInt(8); pairs > 0; pairs--) {
            if (random.nextBoolean()) {
                text.append(GOOD_PAIRS[random.nextInt(GOOD_PAIRS.length)]);
            } else {
                text.append(NAMES[random.nextInt(NAMES.length)]);
                text.append(random.nextInt(5) == 0 ? SEPARATORS[random.nextInt(SEPARATORS.length)] : "=");
                text.append(VALUES[random.nextInt(VALUES.length)]);
            }
            text.append(random.nextInt(5) == 0 ? SEPARATORS[random.nextInt(SEPARATORS.length)] : ",");
        }
        return text.toString();
    }

    /** A good argument string with a few characters replaced, inserted or deleted. */
    private static String mutation(Random random) {
        StringBuilder text = new StringBuilder(GOOD);
        for (int edits = 1 + random.nextInt(3); edits > 0 && text.length() > 0; edits--) {
            int at = random.nextInt(text.length());
            String likely = ",=.:/ \u0000\n\u00ffAZaz";
            char c = random.nextBoolean() ? likely.charAt(random.nextInt(likely.length())) : (char) random.nextInt(0x10000);
            switch (random.nextInt(3)) {
                case 0:
                    text.setCharAt(at, c);
                    break;
                case 1:
                    text.insert(at, c);
                    break;
                default:
                    text.deleteCharAt(at);
                    break;
            }
        }
        return text.toString();
    }

    /** A few names of the prefix's source, spelled right or not, with values of any kind. */
    private static Map<String, String> source(Random random, String ownPrefix) {
        Map<String, String> source = new HashMap<>();
        for (int entries = random.nextBoolean() ? 0 : random.nextInt(4); entries > 0; entries--) {
            Key key = Key.values()[random.nextInt(Key.values().length)];
            String spelled = ownPrefix.equals("nicpin.") ? key.propertyName() : key.environmentName();
            String name = random.nextInt(3) == 0 ? spelled
                    : random.nextBoolean() ? PREFIXES[random.nextInt(PREFIXES.length)] + NAMES[random.nextInt(NAMES.length)]
                    : ownPrefix + decoded(random);
            String value = random.nextInt(3) == 0 ? decoded(random) : VALUES[random.nextInt(VALUES.length)];
            source.put(name, value);
        }
        return source;
    }

    /** {@code length} characters drawn from the hostile values, as one string. */
    private static String hostile(Random random, int length) {
        StringBuilder text = new StringBuilder(length);
        while (text.length() < length) {
            text.append(VALUES[random.nextInt(VALUES.length)]);
        }
        text.setLength(length);
        return text.toString();
    }

    /** A property source as the environment: nicpin.KEY as NICPIN_KEY. */
    private static Map<String, String> renamed(Map<String, String> properties) {
        Map<String, String> environment = new HashMap<>();
        properties.forEach((name, value) -> environment.put("NICPIN_" + name.substring("nicpin.".length())
                .toUpperCase(Locale.ROOT), value));
        return environment;
    }

    private static String lower(Enum<?> value) {
        return value.name().toLowerCase(Locale.ROOT);
    }

    /** For a failure message: every character readable, huge input cut. */
    private static String visible(Object input) {
        return input == null ? "null" : Shown.text(String.valueOf(input));
    }
}
