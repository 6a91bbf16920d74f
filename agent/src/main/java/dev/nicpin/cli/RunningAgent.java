package dev.nicpin.cli;

import dev.nicpin.agent.AgentMXBean;
import dev.nicpin.agent.NicpinAgent;
import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.TimeUnit;
import javax.management.JMX;
import javax.management.MBeanServerConnection;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * nicpin's MBean in a running JVM, reached through that JVM's local JMX agent, which this
 * starts if it is not running (local connections only; it stays on, as with
 * {@code jcmd PID ManagementAgent.start_local}).
 */
final class RunningAgent {
    private RunningAgent() {
    }

    /** What a command does with the MBean; returns its exit status. */
    interface Use {
        int with(AgentMXBean agent);
    }

    static int use(String pid, PrintStream err, Use use) {
        String address;
        try (TargetJvm jvm = TargetJvm.attach(pid)) {
            if (jvm.systemProperties().getProperty(NicpinAgent.RUNNING_PROPERTY) == null) {
                return Cli.fail("JVM " + pid + " does not run nicpin", err);
            }
            address = jvm.startLocalManagementAgent();
        } catch (TargetJvm.Unreachable e) {
            return Cli.fail(e.getMessage(), err);
        }
        try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(address))) {
            MBeanServerConnection server = connector.getMBeanServerConnection();
            ObjectName name = new ObjectName(AgentMXBean.NAME);
            // The agent shows its MBean a few seconds after its start: wait for it, twice that long at most.
            long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2 * NicpinAgent.LATE_START_MILLIS);
            while (!server.isRegistered(name) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            if (!server.isRegistered(name)) {
                return Cli.fail("nicpin runs in JVM " + pid + " but shows no " + AgentMXBean.NAME
                        + " (yet): see that JVM's log", err);
            }
            return use.with(JMX.newMXBeanProxy(server, name, AgentMXBean.class));
        } catch (IOException e) {
            // The address names the JVM's loopback, which is another one in another network namespace.
            return Cli.fail("JVM " + pid + ": cannot reach its JMX agent (" + rootCause(e) + "): run this in the"
                    + " JVM's network namespace (inside its container), where that agent listens on loopback", err);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Cli.fail("interrupted", err);
        } catch (MalformedObjectNameException | RuntimeException e) {
            return Cli.fail("JVM " + pid + ": cannot use " + AgentMXBean.NAME + ": " + e, err);
        }
    }

    private static String rootCause(Throwable e) {
        Throwable cause = e;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.toString();
    }
}
