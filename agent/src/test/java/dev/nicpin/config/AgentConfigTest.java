package dev.nicpin.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nicpin.config.AgentConfig.LogLevel;
import dev.nicpin.config.AgentConfig.Mode;
import dev.nicpin.config.AgentConfig.OnError;
import java.util.Collections;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AgentConfigTest {

    private static final Map<String, String> NONE = Map.of();

    @Test
    void argumentsAloneGiveEveryKeyAndDefaultsFillTheRest() throws ConfigException {
        AgentConfig config = AgentConfig.resolve("rules=/etc/nicpin/rules.conf", NONE, NONE);

        assertEquals("/etc/nicpin/rules.conf", config.rules());
        assertEquals(Mode.ENFORCE, config.mode());
        assertEquals(OnError.FAIL, config.onError());
        assertEquals(LogLevel.INFO, config.log());
    }

    @Test
    void everyKeyIsReadFromArguments() throws ConfigException {
        AgentConfig config = AgentConfig.resolve("rules=r.conf,mode=audit,onError=warn,log=debug", NONE, NONE);

        assertEquals("enabled=true, rules=r.conf, mode=audit, onError=warn, log=debug", config.toString());
    }

    @Test
    void argumentsBeatPropertiesWhichBeatEnvironment() throws ConfigException {
        Map<String, String> properties = Map.of("nicpin.mode", "audit", "nicpin.onError", "warn");
        Map<String, String> environment = Map.of("NICPIN_MODE", "enforce", "NICPIN_ONERROR", "fail",
                "NICPIN_LOG", "trace", "NICPIN_RULES", "env.conf");

        AgentConfig config = AgentConfig.resolve("onError=fail", properties, environment);

        assertEquals("env.conf", config.rules());
        assertEquals(Mode.AUDIT, config.mode(), "property over environment");
        assertEquals(OnError.FAIL, config.onError(), "argument over property");
        assertEquals(LogLevel.TRACE, config.log(), "environment over default");
    }

    @Test
    void otherPropertiesAndVariablesAreNotOurs() throws ConfigException {
        Map<String, String> properties = Map.of("java.version", "17", "nicpinx", "y");
        Map<String, String> environment = Map.of("PATH", "/bin", "NICPIN", "z");

        assertEquals("r", AgentConfig.resolve("rules=r", properties, environment).rules());
    }

    @Test
    void unknownArgumentKeyListsTheValidOnes() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> AgentConfig.resolve("rules=r,rule=s", NONE, NONE));

        assertEquals("agent argument 'rule=s': unknown key 'rule'; valid keys: enabled, rules, mode, onError, log, unsafeRules",
                e.getMessage());
    }

    @Test
    void badValueNamesItsSourceAndTheValidValues() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> AgentConfig.resolve("rules=r", Map.of("nicpin.onError", "ignore"), NONE));

        assertEquals("system property nicpin.onError=ignore: 'ignore' is not a valid onError; valid values: fail, warn",
                e.getMessage());
    }

    @Test
    void valuesAreCaseSensitive() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> AgentConfig.resolve("rules=r,mode=AUDIT", NONE, NONE));

        assertEquals("agent argument 'mode=AUDIT': 'AUDIT' is not a valid mode; valid values: enforce, audit",
                e.getMessage());
    }

    @Test
    void unknownPropertyAndVariableWithOurPrefixAreTypos() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> AgentConfig.resolve("rules=r", Map.of("nicpin.rule", "x"), Map.of("NICPIN_MOD", "audit")));

        assertEquals("system property nicpin.rule=x: unknown system property;"
                        + " valid: nicpin.enabled, nicpin.rules, nicpin.mode, nicpin.onError, nicpin.log, nicpin.unsafeRules\n"
                        + "environment variable NICPIN_MOD=audit: unknown environment variable;"
                        + " valid: NICPIN_ENABLED, NICPIN_RULES, NICPIN_MODE, NICPIN_ONERROR, NICPIN_LOG, NICPIN_UNSAFERULES",
                e.getMessage());
    }

    @Test
    void missingRulesSaysHowToGiveThem() {
        ConfigException e = assertThrows(ConfigException.class, () -> AgentConfig.resolve(null, NONE, NONE));

        assertEquals("no rules file: give rules=PATH as agent argument"
                        + " (-javaagent:nicpin-agent.jar=rules=/etc/nicpin/rules.conf),"
                        + " or -Dnicpin.rules=PATH, or NICPIN_RULES=PATH",
                e.getMessage());
    }

    @Test
    void malformedDuplicateAndEmptyArgumentsAreAllReported() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> AgentConfig.resolve("rules=a,rules=b,audit,log=", NONE, NONE));

        assertEquals("agent argument 'rules=b': rules is given twice\n"
                        + "agent argument 'audit': expected key=value; valid keys: enabled, rules, mode, onError, log, unsafeRules\n"
                        + "agent argument 'log=': log needs a value",
                e.getMessage());
    }

    @Test
    void emptyPropertyIsAnError() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> AgentConfig.resolve(null, Map.of("nicpin.rules", ""), NONE));

        assertEquals("system property nicpin.rules=: nicpin.rules needs a value\n"
                        + "no rules file: give rules=PATH as agent argument"
                        + " (-javaagent:nicpin-agent.jar=rules=/etc/nicpin/rules.conf),"
                        + " or -Dnicpin.rules=PATH, or NICPIN_RULES=PATH",
                e.getMessage());
    }

    @Test
    void killSwitchWinsOverAnyOtherProblem() throws ConfigException {
        AgentConfig config = AgentConfig.resolve("mode=bogus,typo=1", Map.of(), Map.of("NICPIN_ENABLED", "false"));

        assertFalse(config.enabled());
        assertEquals(null, config.rules());
    }

    @Test
    void enabledByDefault() throws ConfigException {
        assertTrue(AgentConfig.resolve("rules=r", NONE, NONE).enabled());
    }

    @Test
    void valueMayContainEqualsSign() throws ConfigException {
        assertEquals("/srv/a=b/rules.conf", AgentConfig.resolve("rules=/srv/a=b/rules.conf", NONE, NONE).rules());
    }

    /** attach checks and passes on the rewritten arguments: they must be the agent's, empty entries and all. */
    @Test
    void rewritingTheRulesEntryKeepsEveryOtherEntry() {
        String rewritten = AgentConfig.rewriteArgument(",rules=r,,mode=audit", Key.RULES, value -> "/srv/" + value);

        assertEquals(",rules=/srv/r,,mode=audit", rewritten);
        assertEquals(List.of("agent argument '': expected key=value; valid keys: enabled, rules, mode, onError, log,"
                + " unsafeRules", "agent argument '': expected key=value; valid keys: enabled, rules, mode, onError, log,"
                + " unsafeRules"), AgentConfig.problemsOf(rewritten));
    }

    /** A control character printed as it is could end the log line, recolour a terminal or forge a line of ours. */
    @Test
    void controlCharactersAreShownEscaped() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> AgentConfig.resolve("rules=r,mode=\u001b[31mred\r\n[nicpin] fake", NONE,
                        Map.of("NICPIN_\u2028", "\uD800\u0000")));

        assertEquals("environment variable NICPIN_\\u2028=\\uD800\\u0000: unknown environment variable;"
                        + " valid: NICPIN_ENABLED, NICPIN_RULES, NICPIN_MODE, NICPIN_ONERROR, NICPIN_LOG, NICPIN_UNSAFERULES\n"
                        + "agent argument 'mode=\\u001B[31mred\\u000D\\u000A[nicpin] fake':"
                        + " '\\u001B[31mred\\u000D\\u000A[nicpin] fake' is not a valid mode; valid values: enforce, audit",
                e.getMessage());
    }

    @Test
    void aHugeValueIsShownCut() {
        String huge = "x".repeat(10 << 20);
        ConfigException e = assertThrows(ConfigException.class,
                () -> AgentConfig.resolve("rules=r,log=" + huge, Map.of("nicpin.mode", huge), NONE));

        String shown = "x".repeat(57) + "... (10485760 characters)";
        assertEquals("system property nicpin.mode=" + shown + ": '" + shown
                        + "' is not a valid mode; valid values: enforce, audit\n"
                        + "agent argument 'log=" + "x".repeat(53) + "... (10485764 characters)': '" + shown
                        + "' is not a valid log; valid values: off, error, warn, info, debug, trace",
                e.getMessage());
    }

    /** Garbage is not a list of typos: a screenful tells the operator as much as a million lines would. */
    @Test
    void problemsBeyondTwentyAreCounted() {
        String pairs = String.join(",", Collections.nCopies(1_000_000, "x=y"));
        ConfigException e = assertThrows(ConfigException.class, () -> AgentConfig.resolve(pairs, NONE, NONE));

        List<String> lines = List.of(e.getMessage().split("\n"));
        assertEquals(21, lines.size());
        assertEquals("agent argument 'x=y': unknown key 'x'; valid keys: enabled, rules, mode, onError, log, unsafeRules",
                lines.get(19));
        assertEquals("and 999981 more problems", lines.get(20), "999980 more keys and no rules file");
    }

    /** A rules path the JVM could never open is a bad value now, not an agent that fails to start later. */
    @Test
    void aRulesPathThatCannotBeOpenedIsABadValue() {
        String tooLong = "/" + "d/".repeat(2047) + "r";
        ConfigException e = assertThrows(ConfigException.class,
                () -> AgentConfig.resolve(null, Map.of("nicpin.rules", "/etc/nicpin\n/rules.conf"),
                        Map.of("NICPIN_RULES", tooLong)));
        assertEquals("system property nicpin.rules=/etc/nicpin\\u000A/rules.conf: expected a path of printable"
                + " characters, found U+000A", firstLine(e), "the property beats the variable, so only it is wrong");

        e = assertThrows(ConfigException.class, () -> AgentConfig.resolve(null, NONE, Map.of("NICPIN_RULES", tooLong)));
        assertTrue(firstLine(e).endsWith(": expected a path of at most 4095 bytes, found 4096 bytes"), e.getMessage());

        e = assertThrows(ConfigException.class, () -> AgentConfig.resolve("rules=/tmp/\uD800", NONE, NONE));
        assertEquals("agent argument 'rules=/tmp/\\uD800': expected a path in this JVM's file name encoding, "
                + System.getProperty("sun.jnu.encoding") + " (the locale's: LANG, LC_ALL)", firstLine(e));
        assertTrue(e.getMessage().endsWith("\nno rules file: give rules=PATH as agent argument"
                + " (-javaagent:nicpin-agent.jar=rules=/etc/nicpin/rules.conf), or -Dnicpin.rules=PATH, or NICPIN_RULES=PATH"),
                "as for an empty value: no rules file is given that could be read");
    }

    @Test
    void aRulesPathAsLongAsLinuxAllowsIsValid() throws ConfigException {
        String longest = "/" + "d/".repeat(2046) + "rr";
        assertEquals(longest, AgentConfig.resolve("rules=" + longest, NONE, NONE).rules());
    }

    private static String firstLine(ConfigException e) {
        return e.getMessage().split("\n")[0];
    }

    /**
     * JDK 8's system properties are a Hashtable, whose iterators throw when another thread sets a
     * property meanwhile, as the application's threads may while {@code attach} loads the agent.
     */
    @Test
    void propertiesSetByAnotherThreadMeanwhileAreNoProblem() throws InterruptedException {
        Hashtable<Object, Object> properties = new Hashtable<>();
        for (int i = 0; i < 500; i++) {
            properties.put("app.setting." + i, "value");
        }
        Thread application = new Thread(() -> {
            for (int i = 0; !Thread.currentThread().isInterrupted(); i++) {
                properties.put("app.changing." + i % 100, "value");
                properties.remove("app.changing." + (i + 50) % 100);
            }
        });
        application.start();
        try {
            for (int i = 0; i < 2000; i++) {
                assertDoesNotThrow(() -> AgentConfig.resolve("rules=r.conf", properties, NONE));
            }
        } finally {
            application.interrupt();
            application.join();
        }
    }
}
