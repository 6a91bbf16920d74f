package dev.nicpin.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.nicpin.config.AgentConfig.OnError;
import dev.nicpin.pin.RulesInForce;
import dev.nicpin.rules.Rule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a reload does with each kind of new version; {@link RulesWatcherTest} covers when it happens. */
class ReloaderTest {
    @TempDir
    Path directory;
    private Path file;
    private final List<RulesInForce> given = new ArrayList<>();
    private Reloader reloader;

    @BeforeEach
    void start() throws Exception {
        file = directory.resolve("rules.conf");
        write("10.1.0.0/16 dev=nic1\n");
        reloader = new Reloader(file.toString(), OnError.FAIL, false, given::add);
        reloader.loadAtStart();
    }

    private void write(String text) throws Exception {
        Path next = directory.resolve("rules.conf.new");
        Files.write(next, text.getBytes(StandardCharsets.UTF_8));
        Files.move(next, file, StandardCopyOption.ATOMIC_MOVE);
    }

    private List<String> devicesInForce() {
        return reloader.inForce().table().rules().stream().map(Rule::device).collect(Collectors.toList());
    }

    @Test
    void aValidVersionReplacesTheRulesWhole() throws Exception {
        write("10.1.0.0/16 dev=nic0\n10.2.0.0/16 dev=nic0\n");

        assertEquals("reloaded: 2 rules in force", reloader.reload());
        assertEquals(List.of("nic0", "nic0"), devicesInForce());
        assertEquals(2, given.size());
        assertSame(reloader.inForce(), given.get(1));
        assertEquals("", reloader.lastError());
    }

    @Test
    void anInvalidVersionChangesNothingAndKeepsItsErrors() throws Exception {
        RulesInForce before = reloader.inForce();
        write("10.1.0.0/16 dev=nic0\n10.2.0.0/16 dev=\n");

        String outcome = reloader.reload();

        assertTrue(outcome.startsWith("invalid, nothing changed (1 rule, loaded at "), outcome);
        assertSame(before, reloader.inForce());
        assertEquals(1, given.size());
        assertTrue(reloader.lastError().startsWith(file + ":2:"), reloader.lastError());
    }

    @Test
    void theSameContentAgainIsNoReload() throws Exception {
        RulesInForce before = reloader.inForce();
        write("10.1.0.0/16 dev=nic1\n");

        assertEquals("unchanged: 1 rule in force", reloader.reload());
        assertSame(before, reloader.inForce());
        assertEquals(1, given.size());
    }

    /** The watcher usually reads an invalid version first: asked again, it is still invalid, not unchanged. */
    @Test
    void anInvalidVersionReadAgainIsStillReportedInvalid() throws Exception {
        write("10.1.0.0/16 dev=\n");
        String first = reloader.reload();

        assertEquals(first, reloader.reload());
        assertTrue(first.startsWith("invalid, nothing changed (1 rule, loaded at "), first);

        Files.delete(file);
        String missing = reloader.reload();
        assertEquals(missing, reloader.reload());
        assertTrue(missing.endsWith(file + ": cannot read: no such file or directory"), missing);
        assertEquals(1, given.size());
    }

    @Test
    void aDeletedFileIsAnInvalidVersionAndTheRulesStay() throws Exception {
        RulesInForce before = reloader.inForce();
        Files.delete(file);

        assertTrue(reloader.reload().startsWith("invalid, nothing changed"));
        assertSame(before, reloader.inForce());
        assertEquals(file + ": cannot read: no such file or directory", reloader.lastError());

        write("10.1.0.0/16 dev=nic2\n");
        assertEquals("reloaded: 1 rule in force", reloader.reload());
        assertEquals(List.of("nic2"), devicesInForce());
    }

    @Test
    void anInvalidFileAtStartLeavesNoRulesUntilAValidVersionComes() throws Exception {
        write("10.1.0.0/16 dev=\n");
        Reloader invalidAtStart = new Reloader(file.toString(), OnError.FAIL, false, given::add);
        invalidAtStart.loadAtStart();
        assertNull(invalidAtStart.inForce().table());

        write("10.1.0.0/16 dev=nic1\n");
        assertEquals("reloaded: 1 rule in force", invalidAtStart.reload());
        assertEquals(1, invalidAtStart.inForce().size());
    }
}
