package dev.nicpin.rules.bench;

import dev.nicpin.rules.RuleFile;
import dev.nicpin.rules.RuleFileException;
import dev.nicpin.rules.RuleTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/** Loading a generated rule file from disk: read, parse, check ties, build the tries. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class RuleFileLoadBenchmark {
    @Param({"1000000"})
    int rules;

    private Path file;

    @Setup
    public void writeFile() throws IOException {
        file = Files.createTempFile("nicpin-bench", ".conf");
        Files.write(file, GeneratedRules.text(rules));
    }

    @TearDown
    public void deleteFile() throws IOException {
        Files.delete(file);
    }

    @Benchmark
    public RuleTable load() throws RuleFileException {
        return RuleFile.load(file);
    }
}
