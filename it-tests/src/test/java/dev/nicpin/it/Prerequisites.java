package dev.nicpin.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * What every integration test needs from the machine. A missing prerequisite skips the test
 * class (or test) with the reason, except when {@code CI=true}: there it fails, because an
 * integration test CI skipped is one that proved nothing. Register it on a test class that
 * makes its own labs; {@link LabExtension} applies the same check.
 */
public final class Prerequisites implements ExecutionCondition {

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (context.getTestMethod().isPresent()) {
            return ConditionEvaluationResult.enabled("the lab was checked for the whole class");
        }
        Optional<String> missing = missingForLab();
        if (missing.isEmpty()) {
            return ConditionEvaluationResult.enabled("the lab can run here");
        }
        failUnderCi(missing.get());
        String reason = "integration-test prerequisite missing: " + missing.get();
        // Surefire's summary only counts skips: say why where the developer looks.
        System.err.println("[nicpin-it] skipping " + context.getDisplayName() + ": " + reason);
        return ConditionEvaluationResult.disabled(reason);
    }

    /** Skips the running test, or fails it under CI=true. */
    static void unmet(String prerequisite) {
        failUnderCi(prerequisite);
        Assumptions.abort("integration-test prerequisite missing: " + prerequisite);
    }

    /** Linux, root, the lab script, iproute2 with network namespaces, and nftables. */
    private static Optional<String> missingForLab() {
        if (!System.getProperty("os.name").equals("Linux")) {
            return Optional.of("the lab needs Linux network namespaces; this is " + System.getProperty("os.name"));
        }
        if (!isRoot()) {
            return Optional.of("the lab needs root (it creates network namespaces): run the build as root");
        }
        if (!Files.isExecutable(Build.labScript())) {
            return Optional.of("no executable lab script at " + Build.labScript().toAbsolutePath());
        }
        return missingTool(List.of("ip", "netns", "list"), "iproute2 ('ip')")
                .or(() -> missingTool(List.of("nft", "--version"), "nftables ('nft', for its packet counters)"));
    }

    /** Why {@code command} cannot serve the lab, if it cannot. Installing the package fixes it: lab/provision.sh does. */
    private static Optional<String> missingTool(List<String> command, String tool) {
        try {
            ProcessResult run = Processes.run(command, Map.of(), Duration.ofSeconds(10));
            return run.exitCode() == 0 ? Optional.empty()
                    : Optional.of("'" + String.join(" ", command) + "' fails: " + run.stderr().strip());
        } catch (UncheckedIOException e) {
            return Optional.of("the lab needs " + tool + " (it-tests/lab/provision.sh installs it): "
                    + e.getCause().getMessage());
        }
    }

    private static void failUnderCi(String prerequisite) {
        if ("true".equals(System.getenv("CI"))) {
            fail("CI=true, so a missing integration-test prerequisite is a failure: " + prerequisite);
        }
    }

    private static boolean isRoot() {
        try {
            // /proc/self belongs to the user the process runs as.
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).intValue() == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
