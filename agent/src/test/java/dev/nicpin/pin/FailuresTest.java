package dev.nicpin.pin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.nicpin.config.AgentConfig.OnError;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FailuresTest {

    @Test
    void theKernelsMessagesAreCountedByTheirErrnosName() {
        assertEquals("EPERM", Failures.errno("Operation not permitted"));
        assertEquals("ENODEV", Failures.errno("No such device"));
        assertEquals("EADDRNOTAVAIL", Failures.errno("Cannot assign requested address"));
        assertEquals("Something new", Failures.errno("Something new"));
    }

    @Test
    void everyFailureIsCountedWhetherRefusedOrLetThrough() throws Exception {
        Counters counters = new Counters();
        Failures fail = new Failures(OnError.FAIL, counters);
        Failures warn = new Failures(OnError.WARN, counters);

        assertThrows(Failures.Refusal.class, () -> fail.failed("ENODEV", "r.conf:1 dev=eth9: no such interface"));
        assertThrows(Failures.Refusal.class, () -> fail.failed("ENODEV", "r.conf:1 dev=eth9: no such interface"));
        warn.failed("EPERM", "r.conf:2 mark=0x10: setsockopt(SO_MARK): Operation not permitted");

        assertEquals(Map.of("ENODEV", 2L, "EPERM", 1L), counters.failedByReason());
        assertEquals(3, counters.failed());
    }
}
