package dev.nicpin.config;

import java.util.ArrayList;
import java.util.List;

/**
 * What is wrong with a configuration, one problem a line. Past {@link #MAX} problems are only
 * counted: the input is garbage then, and a million lines of it would flood the log.
 */
final class Problems {
    static final int MAX = 20;

    private final List<String> listed = new ArrayList<>();
    private int count;

    void add(String problem) {
        if (count++ < MAX) {
            listed.add(problem);
        }
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** The first {@link #MAX} problems, then how many more there were. */
    List<String> list() {
        List<String> all = new ArrayList<>(listed);
        if (count > MAX) {
            all.add("and " + (count - MAX) + " more problems");
        }
        return all;
    }
}
