package dev.nicpin.it;

import static dev.nicpin.it.ExpectedOutcome.answered;
import static dev.nicpin.it.ExpectedOutcome.refused;

import dev.nicpin.lab.Report;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** One run of the pinning matrix: a JDK, the service's address family, the sockets, a rule's action and scope. */
record PinningCase(Jdk jdk, IpFamily family, SocketStack stack, PinAction action, RuleScope scope) {

    /** Writes the case's rule file into {@code directory}. */
    Path writeRules(Path directory, Lab lab) {
        String name = String.join("-", "jdk" + jdk.name(), family.name(), stack.name(), action.name(), scope.name())
                .toLowerCase(Locale.ROOT) + ".conf";
        try {
            return Files.write(directory.resolve(name),
                    scope.ruleLines(lab.serviceAddress(family), action.words(lab, family)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    AgentDemoRun run(Lab lab, Path rules) {
        return AgentDemoRun.run(lab, jdk, family, rules, stack.jvmArgs());
    }

    /** Pinned traffic is answered through nic1, refused traffic not at all, the rest through nic0 (the default route). */
    ExpectedPaths expected(Lab lab, Path rules) {
        Report viaNic0 = new Report(lab.clientAddress("nic0", family), "nic0");
        Report viaNic1 = new Report(lab.clientAddress("nic1", family), "nic1");
        return ExpectedPaths.byPath(jdk, path -> {
            String protocol = DemoOutput.protocol(DemoOutput.PATHS.get(path));
            if (!scope.pinsService() || !action.appliesTo(protocol)) {
                return answered(viaNic0);
            }
            return action.refuses(path, jdk)
                    ? refused("nicpin: " + rules + ":1 src=", ": the socket is already bound")
                    : answered(viaNic1);
        });
    }

    @Override
    public String toString() {
        return jdk + ", " + family + (stack == SocketStack.DUAL_STACK ? "" : " on " + stack) + ", " + action + ": " + scope;
    }
}
