package dev.nicpin.it;

import dev.nicpin.lab.Report;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The output of the test applications under {@code dev.nicpin.it.apps}: lines {@code NAME OUTCOME}. */
final class AppOutput {

    /** One line: what was done (a step, a client, a key) and what came of it. */
    record Line(String name, String outcome, String text) {

        /** What the lab server reported; fails, quoting the line, when the outcome is not a report. */
        Report report() {
            try {
                return Report.parse(outcome);
            } catch (IllegalArgumentException e) {
                throw new AssertionError("no report from the far side: " + text, e);
            }
        }
    }

    private AppOutput() {
    }

    static List<Line> parse(String stdout) {
        return stdout.lines()
                .filter(line -> !line.isBlank())
                .map(line -> {
                    String[] pair = line.split(" ", 2);
                    if (pair.length < 2) {
                        throw new AssertionError("not a NAME OUTCOME line: '" + line + "'");
                    }
                    return new Line(pair[0], pair[1], line);
                })
                .toList();
    }

    /** Outcome by name, in order, for output whose names are unique. */
    static Map<String, String> byName(String stdout) {
        return parse(stdout).stream().collect(Collectors.toMap(Line::name, Line::outcome, (a, b) -> {
            throw new AssertionError("a name appears twice in:\n" + stdout);
        }, LinkedHashMap::new));
    }
}
