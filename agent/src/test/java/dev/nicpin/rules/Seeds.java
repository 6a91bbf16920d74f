package dev.nicpin.rules;

/** Seeds of randomized tests: new each run, printed, and fixed with {@code -Dnicpin.seed=N} to replay a failure. */
public final class Seeds {
    private Seeds() {
    }

    public static long seed(String test) {
        long seed = Long.getLong("nicpin.seed", System.nanoTime());
        System.out.println(test + ": seed " + seed + " (replay with -Dnicpin.seed=" + seed + ")");
        return seed;
    }
}
