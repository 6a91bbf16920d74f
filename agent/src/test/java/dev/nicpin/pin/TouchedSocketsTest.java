package dev.nicpin.pin;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class TouchedSocketsTest {
    private final TouchedSockets touched = new TouchedSockets();

    @Test
    void remembersEachDescriptorOnItsOwn() {
        touched.add(0);
        touched.add(63);
        touched.add(64);

        assertTrue(touched.contains(0));
        assertTrue(touched.contains(63));
        assertTrue(touched.contains(64));
        assertFalse(touched.contains(1));
        assertFalse(touched.contains(65));
    }

    @Test
    void forgetsARemovedDescriptorOnly() {
        touched.add(7);
        touched.add(8);
        touched.remove(7);

        assertFalse(touched.contains(7));
        assertTrue(touched.contains(8));
    }

    @Test
    void descriptorsBeyondTheTableAlwaysCountAsTouched() {
        int huge = 1 << 20;
        touched.remove(huge);

        assertTrue(touched.contains(huge), "so that a reused socket there is always checked");
    }

    @Test
    void concurrentAddsToOneWordAllStick() throws InterruptedException {
        Thread[] threads = new Thread[8];
        for (int t = 0; t < threads.length; t++) {
            int first = t;
            threads[t] = new Thread(() -> {
                for (int fd = first; fd < 4096; fd += threads.length) {
                    touched.add(fd);
                }
            });
            threads[t].start();
        }
        for (Thread thread : threads) {
            thread.join();
        }
        for (int fd = 0; fd < 4096; fd++) {
            assertTrue(touched.contains(fd), "fd " + fd);
        }
    }
}
