package dev.nicpin.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.nicpin.it.apps.SocketImplementations;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each configured JDK runs java.net.Socket and DatagramSocket on the implementation its name
 * says, so that the tests on it cover the hooks nicpin has for that implementation: the legacy
 * plain ones on JDK 8 and 11 and on a {@code -legacy} variant, the NIO ones (JDK 13 for Socket,
 * 15 for DatagramSocket) on the others. A variant whose switches the JDK ignored fails here.
 */
@ExtendWith(LabExtension.class)
class SocketImplementationsTest {

    static List<Jdk> jdks() {
        return Jdk.configured();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("jdks")
    void socketsRunOnTheImplementationTheJdkNameSays(Jdk jdk, Lab lab) {
        boolean legacy = jdk.name().endsWith("-legacy");
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("socket", jdk.feature() < 13 || legacy
                ? "java.net.AbstractPlainSocketImpl" : "sun.nio.ch.NioSocketImpl");
        expected.put("datagram-socket", jdk.feature() < 15 || legacy
                ? "java.net.AbstractPlainDatagramSocketImpl" : "sun.nio.ch.DatagramChannelImpl");

        ProcessResult run = lab.clientJvm(jdk).runMain(TestApps.classpath(), SocketImplementations.class.getName());

        assertEquals(0, run.exitCode(), run::describe);
        assertEquals(expected, AppOutput.byName(run.stdout()), run::describe);
    }
}
