package dev.nicpin.it;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent pins every JDK socket path, proven on the wire: for each configured JDK, address
 * family and action ({@code dev=}, {@code mark=}, {@code src=}), with a rule for the service,
 * for another destination only, or for every destination but the service (a {@code direct}
 * carve-out), one run of the demo app, whose every path must be answered through the link the
 * rules chose, and whose packets to the service must have left by that link only, as the lab's
 * packet counters saw them. {@code src=} on UDP is refused (the JDK binds datagram sockets
 * before the agent sees them, but for one path on JDK 8 and 11: {@link PinAction#refuses}):
 * nothing of it may leave; {@code proto=tcp} keeps it off UDP. An IPv4 service is also reached
 * from AF_INET sockets ({@code java.net.preferIPv4Stack}).
 */
@ExtendWith(LabExtension.class)
class PinningMatrixTest {
    @TempDir
    static Path rulesDirectory;

    private static List<PinningCase> cases() {
        List<PinningCase> cases = new ArrayList<>();
        for (Jdk jdk : Jdk.configured()) {
            for (IpFamily family : IpFamily.values()) {
                for (PinAction action : List.of(PinAction.DEV, PinAction.MARK, PinAction.SRC)) {
                    for (RuleScope scope : RuleScope.values()) {
                        cases.add(new PinningCase(jdk, family, SocketStack.DUAL_STACK, action, scope));
                    }
                }
                cases.add(new PinningCase(jdk, family, SocketStack.DUAL_STACK, PinAction.SRC_TCP, RuleScope.SERVICE));
            }
            for (PinAction action : List.of(PinAction.DEV, PinAction.MARK, PinAction.SRC)) {
                cases.add(new PinningCase(jdk, IpFamily.V4, SocketStack.IPV4_ONLY, action, RuleScope.SERVICE));
            }
        }
        return cases;
    }

    @TestFactory
    Stream<DynamicTest> everyPathLeavesByTheLinkTheRulesChose(Lab lab) {
        // A run's packets are its family's counters after less before, so runs of one family take
        // turns, while the two families run side by side: two JVMs at a time, one per core.
        Map<IpFamily, ExecutorService> lanes = new EnumMap<>(IpFamily.class);
        List<DynamicTest> tests = new ArrayList<>();
        for (PinningCase matrixCase : cases()) {
            Path rules = matrixCase.writeRules(rulesDirectory, lab);
            Future<AgentDemoRun> run = lanes.computeIfAbsent(matrixCase.family(), family -> Executors.newSingleThreadExecutor())
                    .submit(() -> matrixCase.run(lab, rules));
            tests.add(dynamicTest(matrixCase.toString(),
                    () -> matrixCase.expected(lab, rules).assertMetBy(await(run), matrixCase.family())));
        }
        lanes.values().forEach(ExecutorService::shutdown);   // each lane still runs what it was given
        return tests.stream();
    }

    private static AgentDemoRun await(Future<AgentDemoRun> run) throws Throwable {
        try {
            return run.get();
        } catch (ExecutionException e) {
            throw e.getCause();   // an abort (a JDK not installed) stays an abort
        }
    }
}
