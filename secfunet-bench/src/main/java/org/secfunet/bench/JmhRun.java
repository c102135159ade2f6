package org.secfunet.bench;

import java.util.Collection;
import java.util.function.Consumer;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs the JMH benchmarks of this module whose names match a pattern, and reports the scores. */
public final class JmhRun {
    private JmhRun() {
    }

    public static void run(String include, int iterations, Consumer<String> out) throws RunnerException {
        if (iterations < 1 || iterations > 100) {
            throw new IllegalArgumentException("iterations must be 1..100");
        }
        Collection<RunResult> results = new Runner(new OptionsBuilder()
                .include(include)
                .warmupIterations(Math.max(1, iterations / 2))
                .measurementIterations(iterations)
                .measurementTime(TimeValue.seconds(1))
                .warmupTime(TimeValue.seconds(1))
                .forks(1)
                .shouldFailOnError(true)
                .build()).run();
        for (RunResult r : results) {
            var p = r.getPrimaryResult();
            var params = r.getParams();
            StringBuilder name = new StringBuilder(params.getBenchmark().replaceFirst("^org\\.secfunet\\.bench\\.jmh\\.", ""));
            for (String key : params.getParamsKeys()) {
                name.append(' ').append(key).append('=').append(params.getParam(key));
            }
            out.accept(String.format("%-60s %10.1f ± %6.1f %s", name, p.getScore(), p.getScoreError(), p.getScoreUnit()));
        }
    }
}
