package dev.nicpin.rules.bench;

import dev.nicpin.rules.Protocol;
import dev.nicpin.rules.Rule;
import dev.nicpin.rules.RuleFile;
import dev.nicpin.rules.RuleFileException;
import dev.nicpin.rules.RuleTable;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One lookup, as every connect does it, in a table of 10 rules and of a million: the cost should
 * not depend on the size, and {@code -prof gc} should show no allocation (gc.alloc.rate.norm = 0
 * B/op) except for the Inet6Address convenience, which copies the address.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class RuleTableLookupBenchmark {
    /** Lookups cycle through this many addresses, so no answer is a constant. */
    private static final int ADDRESSES = 1024;

    @Param({"10", "10000", "1000000"})
    int rules;

    private RuleTable table;
    private final int[] ipv4Matched = new int[ADDRESSES];
    private final int[] ipv4Unmatched = new int[ADDRESSES];
    private final long[] ipv6MatchedHigh = new long[ADDRESSES];
    private final long[] ipv6UnmatchedHigh = new long[ADDRESSES];
    private final long[] ipv6Low = new long[ADDRESSES];
    private final InetAddress[] inet4Matched = new InetAddress[ADDRESSES];
    private final InetAddress[] inet6Matched = new InetAddress[ADDRESSES];
    private int next;

    @Setup
    public void setUp() throws RuleFileException, UnknownHostException {
        table = RuleFile.parse("generated.conf", GeneratedRules.text(rules));
        Random random = new Random(42);
        int perFamily = rules / 2;
        for (int i = 0; i < ADDRESSES; i++) {
            ipv4Matched[i] = GeneratedRules.ipv4Address(random.nextInt(perFamily), random.nextInt(256));
            ipv4Unmatched[i] = GeneratedRules.ipv4Address(perFamily + random.nextInt(1 << 20), random.nextInt(256));
            ipv6MatchedHigh[i] = GeneratedRules.ipv6High(random.nextInt(perFamily));
            ipv6UnmatchedHigh[i] = GeneratedRules.ipv6High(perFamily + random.nextInt(1 << 20));
            ipv6Low[i] = random.nextLong();
            inet4Matched[i] = InetAddress.getByAddress(bytes(ipv4Matched[i]));
            inet6Matched[i] = InetAddress.getByAddress(bytes(ipv6MatchedHigh[i], ipv6Low[i]));
        }
    }

    private int index() {
        return next = next + 1 & ADDRESSES - 1;
    }

    @Benchmark
    public Rule ipv4Matched() {
        return table.match(ipv4Matched[index()], 443, Protocol.TCP);
    }

    @Benchmark
    public Rule ipv4Unmatched() {
        return table.match(ipv4Unmatched[index()], 443, Protocol.TCP);
    }

    @Benchmark
    public Rule ipv6Matched() {
        int i = index();
        return table.match(ipv6MatchedHigh[i], ipv6Low[i], 443, Protocol.TCP);
    }

    @Benchmark
    public Rule ipv6Unmatched() {
        int i = index();
        return table.match(ipv6UnmatchedHigh[i], ipv6Low[i], 443, Protocol.TCP);
    }

    @Benchmark
    public Rule inet4AddressMatched() {
        return table.match(inet4Matched[index()], 443, Protocol.TCP);
    }

    @Benchmark
    public Rule inet6AddressMatched() {
        return table.match(inet6Matched[index()], 443, Protocol.TCP);
    }

    private static byte[] bytes(int ipv4) {
        return new byte[] {(byte) (ipv4 >>> 24), (byte) (ipv4 >>> 16), (byte) (ipv4 >>> 8), (byte) ipv4};
    }

    private static byte[] bytes(long high, long low) {
        byte[] bytes = new byte[16];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (high >>> (56 - 8 * i));
            bytes[8 + i] = (byte) (low >>> (56 - 8 * i));
        }
        return bytes;
    }
}
