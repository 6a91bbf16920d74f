package dev.nicpin.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nicpin.config.AgentConfig.OnError;
import dev.nicpin.pin.RulesInForce;
import dev.nicpin.rules.Rule;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ways a rules file gets replaced in practice, each followed by a reload: editors' rename,
 * a write in place, Kubernetes' ConfigMap swap, a symlink into another directory.
 */
class RulesWatcherTest {
    /** Far beyond the watcher's quiet period: only a reload that never comes takes this long. */
    private static final long PATIENCE_SECONDS = 10;

    @TempDir
    Path directory;
    private final BlockingQueue<RulesInForce> reloads = new LinkedBlockingQueue<>();

    private void watch(Path rules) {
        Reloader reloader = new Reloader(rules.toString(), OnError.FAIL, false, reloads::add);
        reloader.loadAtStart();
        reloads.clear();
        RulesWatcher.start(reloader);
    }

    private String nextDevice() throws InterruptedException {
        RulesInForce next = reloads.poll(PATIENCE_SECONDS, TimeUnit.SECONDS);
        if (next == null) {
            return "no reload within " + PATIENCE_SECONDS + " s";
        }
        Rule first = next.table().rules().get(0);
        return first.device();
    }

    private static void write(Path file, String device) throws Exception {
        Files.write(file, ("10.1.0.0/16 dev=" + device + "\n").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anEditorsSaveByRename() throws Exception {
        Path rules = directory.resolve("rules.conf");
        write(rules, "nic0");
        watch(rules);

        Path saved = directory.resolve(".rules.conf.swp");
        write(saved, "nic1");
        Files.move(saved, rules, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        assertEquals("nic1", nextDevice());
    }

    @Test
    void aWriteInPlace() throws Exception {
        Path rules = directory.resolve("rules.conf");
        write(rules, "nic0");
        watch(rules);

        write(rules, "nic1");
        assertEquals("nic1", nextDevice());
        write(rules, "nic2");
        assertEquals("nic2", nextDevice());
    }

    /** The kubelet's update: a new timestamped directory, a {@code ..data_tmp} link to it renamed over {@code ..data}. */
    @Test
    void aConfigMapUpdate() throws Exception {
        Path mount = Files.createDirectory(directory.resolve("configmap"));
        Path first = Files.createDirectory(mount.resolve("..2026_11_21_10_00_00.000000001"));
        write(first.resolve("rules.conf"), "nic0");
        Files.createSymbolicLink(mount.resolve("..data"), first.getFileName());
        Path rules = Files.createSymbolicLink(mount.resolve("rules.conf"), Path.of("..data/rules.conf"));
        watch(rules);

        for (String device : new String[] {"nic1", "nic2"}) {
            Path version = Files.createDirectory(mount.resolve("..2026_11_21_10_00_00." + device));
            write(version.resolve("rules.conf"), device);
            Path link = Files.createSymbolicLink(mount.resolve("..data_tmp"), version.getFileName());
            Path old = Files.readSymbolicLink(mount.resolve("..data"));
            Files.move(link, mount.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
            Files.delete(mount.resolve(old).resolve("rules.conf"));
            Files.delete(mount.resolve(old));

            assertEquals(device, nextDevice());
        }
    }

    @Test
    void aSymlinkIntoAnotherDirectoryWhoseFileIsWrittenInPlace() throws Exception {
        Path elsewhere = Files.createDirectory(directory.resolve("elsewhere"));
        write(elsewhere.resolve("rules.conf"), "nic0");
        Path etc = Files.createDirectory(directory.resolve("etc"));
        Path rules = Files.createSymbolicLink(etc.resolve("rules.conf"), elsewhere.resolve("rules.conf"));
        watch(rules);

        write(elsewhere.resolve("rules.conf"), "nic1");

        assertEquals("nic1", nextDevice());
    }
}
