package dev.nicpin.cli;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Properties;
import net.bytebuddy.agent.ByteBuddyAgent;

/**
 * A running JVM, reached through the JDK's attach API, which Byte Buddy finds wherever the
 * running JDK keeps it. Reflection, because its class is not on any class path at compile time.
 */
final class TargetJvm implements AutoCloseable {
    private final String pid;
    private final Class<?> type;
    private final Object machine;

    private TargetJvm(String pid, Class<?> type, Object machine) {
        this.pid = pid;
        this.type = type;
        this.machine = machine;
    }

    /** Something that stops the command, with the message for the operator. */
    static final class Unreachable extends Exception {
        private static final long serialVersionUID = 1L;

        Unreachable(String message) {
            super(message);
        }
    }

    static TargetJvm attach(String pid) throws Unreachable {
        ByteBuddyAgent.AttachmentProvider.Accessor accessor = ByteBuddyAgent.AttachmentProvider.DEFAULT.attempt();
        if (!accessor.isAvailable()) {
            throw new Unreachable("this Java (" + System.getProperty("java.home") + ") has no attach API: run"
                    + " nicpin-agent.jar with a JDK (the module jdk.attach), not a JRE");
        }
        Class<?> type = accessor.getVirtualMachineType();
        try {
            return new TargetJvm(pid, type, type.getMethod("attach", String.class).invoke(null, pid));
        } catch (InvocationTargetException e) {
            if (tmpNotWritable(pid)) {
                throw new Unreachable("cannot attach to JVM " + pid + ": its /tmp is not writable, and the JDK's attach"
                        + " mechanism needs to create a socket there. Give that JVM a writable /tmp (noexec will do; in"
                        + " a container, mount an emptyDir or tmpfs volume at /tmp), or load nicpin at its start with"
                        + " -javaagent. The attach API said: " + e.getCause());
            }
            throw new Unreachable("cannot attach to JVM " + pid + ": " + e.getCause()
                    + " (is it a running JVM of this user, in this container, started without"
                    + " -XX:+DisableAttachMechanism?)");
        } catch (ReflectiveOperationException e) {
            throw new Unreachable("cannot use the attach API " + type.getName() + ": " + e);
        }
    }

    /**
     * HotSpot makes its attach socket in /tmp as the JVM sees it (never java.io.tmpdir), so a /tmp
     * it cannot write, as on a read-only root file system, rules attach out; the attach API only
     * reports a time-out or the file system's error. /proc/PID/root shows the JVM's own mounts.
     */
    private static boolean tmpNotWritable(String pid) {
        Path tmp = Paths.get("/proc", pid, "root", "tmp");
        return Files.isDirectory(tmp) && !Files.isWritable(tmp);
    }

    Properties systemProperties() throws Unreachable {
        return (Properties) call("getSystemProperties", new Class<?>[0]);
    }

    /**
     * @return null, or what the attach API reported; which may be wrong: a JDK 8 JVM answers a
     *         newer JDK's attach API in a form it reads as an error ({@code AgentLoadException: 0})
     *         when the agent ran. Whether the agent runs is for the caller to check.
     */
    String loadAgent(String jar, String arguments) {
        try {
            call("loadAgent", new Class<?>[] {String.class, String.class}, jar, arguments);
            return null;
        } catch (Unreachable e) {
            return e.getMessage();
        }
    }

    /** Starts the JVM's local JMX agent, if it is not running yet; returns its address. */
    String startLocalManagementAgent() throws Unreachable {
        return (String) call("startLocalManagementAgent", new Class<?>[0]);
    }

    private Object call(String name, Class<?>[] parameters, Object... arguments) throws Unreachable {
        try {
            Method method = type.getMethod(name, parameters);
            return method.invoke(machine, arguments);
        } catch (InvocationTargetException e) {
            throw new Unreachable("JVM " + pid + ": " + name + ": " + e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new Unreachable("cannot use the attach API " + type.getName() + ": " + e);
        }
    }

    @Override
    public void close() {
        try {
            type.getMethod("detach").invoke(machine);
        } catch (ReflectiveOperationException e) {
            // Detaching only closes our end; the JVM is unaffected either way.
        }
    }
}
