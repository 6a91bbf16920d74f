package dev.nicpin.agent;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the rules when their file changes. It watches directories, not the file: editors save
 * by writing a new file and renaming it over the old one, and a Kubernetes ConfigMap volume
 * swaps a {@code ..data} symlink, so the file the path names is replaced, never written. Any
 * change in the file's directory (and in the directory of the file a symlink leads to) makes
 * the {@link Reloader} read the file again, which reloads it only if its content changed.
 */
final class RulesWatcher implements Runnable {
    private static final Logger log = LoggerFactory.getLogger("nicpin");
    /** A file written in place comes in several writes: read it once its directory has been quiet this long. */
    private static final long QUIET_MILLIS = 100;
    /** ...but no longer than this after the first change, however busy the directory is. */
    private static final long MAX_WAIT_MILLIS = 1000;

    private final Reloader reloader;
    private final WatchService watchService;
    private final Set<Path> watched = new HashSet<>();

    private RulesWatcher(Reloader reloader, WatchService watchService) {
        this.reloader = reloader;
        this.watchService = watchService;
    }

    /** Starts watching in a daemon thread; if the file's directory cannot be watched, says so and how to reload instead. */
    static void start(Reloader reloader) {
        Path directory = reloader.path().toAbsolutePath().getParent();
        try {
            final RulesWatcher watcher = new RulesWatcher(reloader, FileSystems.getDefault().newWatchService());
            watcher.watch(directory);
            watcher.watchWhereTheLinkLeads();
            reloader.reload(); // a change between the first load and the start of the watch
            Thread thread = new Thread(watcher, "nicpin-rules-watcher");
            thread.setDaemon(true);
            thread.start();
            // An open WatchService holds the JVM's exit up by about 300 ms (JDK 8 to 25): close it first.
            Runtime.getRuntime().addShutdownHook(new Thread("nicpin-rules-watcher-close") {
                @Override
                public void run() {
                    watcher.close();
                }
            });
        } catch (IOException | RuntimeException e) {
            log.warn("cannot watch {} for changes ({}): it is not reloaded when it changes; reload it with"
                    + " 'java -jar nicpin-agent.jar reload PID' or the JMX operation reload() of dev.nicpin:type=Agent",
                    directory, e.toString());
        }
    }

    @Override
    public void run() {
        try {
            while (true) {
                drain(watchService.take());
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MAX_WAIT_MILLIS);
                for (WatchKey next; System.nanoTime() < deadline
                        && (next = watchService.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS)) != null; ) {
                    drain(next);
                }
                if (!watchTheFilesDirectory()) {
                    log.warn("stopped watching {} for changes: its directory is gone; once it is back, reload it with"
                            + " 'java -jar nicpin-agent.jar reload PID'", reloader.file());
                    return;
                }
                watchWhereTheLinkLeads(); // before reading: a write there from now on is seen
                reloader.reload();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // The JVM is going away.
        } catch (RuntimeException e) {
            log.error("stopped watching {} for changes after an internal error; reload it with"
                    + " 'java -jar nicpin-agent.jar reload PID'", reloader.file(), e);
        }
    }

    private void close() {
        try {
            watchService.close();
        } catch (IOException e) {
            // The JVM is exiting; the descriptor goes with it.
        }
    }

    private void drain(WatchKey key) {
        key.pollEvents();
        if (!key.reset()) {
            watched.remove(key.watchable()); // the directory is gone: a ConfigMap's old ..2026_… one
        }
    }

    /** The file's own directory, watched again if it was deleted and is back; false if it is not there. */
    private boolean watchTheFilesDirectory() {
        try {
            watch(reloader.path().toAbsolutePath().getParent());
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A symlink may lead elsewhere, where the file is changed in place: watch that directory too. */
    private void watchWhereTheLinkLeads() {
        try {
            watch(reloader.path().toRealPath().getParent());
        } catch (IOException e) {
            // No file (yet): its directory is watched, and the file is read again when it appears.
        }
    }

    private void watch(Path directory) throws IOException {
        if (!watched.contains(directory)) {
            directory.register(watchService, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE);
            watched.add(directory);
        }
    }
}
