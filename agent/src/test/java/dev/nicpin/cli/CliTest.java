package dev.nicpin.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CliTest {
    @ParameterizedTest
    @ValueSource(strings = {"help", "-h", "--help"})
    void helpPrintsTheUsageOfEveryCommand(String flag) {
        CliRun run = CliRun.of(flag);
        assertEquals(0, run.status);
        assertEquals("", run.err);
        assertTrue(run.out.contains("check RULES"), run.out);
        assertTrue(run.out.contains("explain RULES ADDRESS [PORT] [tcp|udp]"), run.out);
        assertTrue(run.out.contains("version"), run.out);
        assertTrue(run.out.contains("-javaagent:nicpin-agent.jar=rules=PATH[,mode=...][,onError=...][,log=...]"
                + " (see README.md)"), run.out);
    }

    @Test
    void noArgumentsPrintTheUsageToStderrAndFail() {
        CliRun run = CliRun.of();
        assertEquals(2, run.status);
        assertEquals("", run.out);
        assertTrue(run.err.startsWith("usage: java -jar nicpin-agent.jar COMMAND"), run.err);
    }

    @Test
    void anUnknownCommandIsNamed() {
        CliRun run = CliRun.of("frobnicate", "x");
        assertEquals(2, run.status);
        assertEquals("", run.out);
        assertEquals(List.of("nicpin: unknown command 'frobnicate' (run 'java -jar nicpin-agent.jar help' for usage)"),
                run.errLines());
    }

    @Test
    void versionIsTheProjectVersion() {
        CliRun run = CliRun.of("version");
        assertEquals(0, run.status);
        assertEquals(List.of("nicpin " + System.getProperty("nicpin.version")), run.outLines());
    }
}
