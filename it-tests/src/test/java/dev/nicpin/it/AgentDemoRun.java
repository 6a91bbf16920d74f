package dev.nicpin.it;

import dev.nicpin.lab.Report;
import java.nio.file.Path;
import java.util.List;

/**
 * The demo app run once in a lab's client namespace with the agent and a rule file, against the
 * service of one address family: what it printed, and the packets it sent to the service by
 * each link. The packets are the difference of the lab's counters of that family before and
 * after, so runs against the same family of one lab must take turns.
 */
record AgentDemoRun(ProcessResult process, PacketCounters.Counts sent) {

    static AgentDemoRun run(Lab lab, Jdk jdk, IpFamily family, Path rules, List<String> jvmArgs) {
        JvmRunner jvm = lab.clientJvm(jdk).jvmArgs(AgentJar.option("rules=" + rules));
        return run(lab, jvm.jvmArgs(jvmArgs.toArray(String[]::new)), family);
    }

    /** On a JVM the caller has set up, the agent included (its option among the others, in whatever order). */
    static AgentDemoRun run(Lab lab, JvmRunner jvm, IpFamily family) {
        PacketCounters.Counts before = lab.counters().read();
        ProcessResult process = jvm.runJar(Build.demoJar(), Report.text(lab.serviceAddress(family)));
        return new AgentDemoRun(process, lab.counters().read().minus(before));
    }

    List<DemoOutput.Line> lines() {
        return DemoOutput.parse(process.stdout());
    }

    /** Everything about the run, for an assertion message. */
    String describe() {
        return process.describe() + "\npackets to the service by link: " + sent;
    }
}
