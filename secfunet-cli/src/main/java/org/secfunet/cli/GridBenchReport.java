package org.secfunet.cli;

import picocli.CommandLine.Mixin;

/**
 * What {@code bench grid} and {@code bench grid-zk} share: the report and its {@code --debug}, the grid's
 * session logs quieted, the header naming the TLS and the cards, and a bad parameter as a usage error.
 */
final class GridBenchReport {
    @Mixin
    BenchCommand.Report report;

    /** Quiets the grid's logs, prints the header, then runs the grid benchmark {@code m}. */
    void measure(BenchCommand.Measurement m) {
        BenchCommand.quiet("org.secfunet.grid");
        report.measure(BenchCommand.javaAndCores() + "; TLS as negotiated (1.3), EC P-256 cards", BenchCommand.Failure.BAD_PARAMETER_IS_USAGE, m);
    }
}
