package org.secfunet.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.function.Consumer;
import org.secfunet.bench.ApduBench;
import org.secfunet.bench.RoundTrip;
import org.secfunet.bench.SScardBench;
import org.secfunet.service.HostPort;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "bench", mixinStandardHelpOptions = true, description = "Benchmarks (see docs/benchmarks.md).",
        subcommands = {BenchCommand.Apdu.class, BenchCommand.Eap.class, BenchCommand.SScard.class, BenchCommand.Record.class, BenchCommand.Grid.class, BenchCommand.GridZk.class, BenchCommand.Radius.class, BenchCommand.Jca.class, BenchCommand.Jmh.class})
final class BenchCommand extends SubcommandGroup {
    @Command(name = "apdu", mixinStandardHelpOptions = true,
            description = "Per-APDU round trip: in-process software card (baseline) and each -r reader holding a secfunet test card.")
    static final class Apdu implements Runnable {
        @Mixin
        Report report;
        @Mixin
        RacsClientOptions racs;

        @Option(names = {"-r", "--reader"}, paramLabel = "READER", description = "Reader(s) to measure besides the in-process baseline.")
        List<String> readers = List.of();

        @Option(names = {"-n", "--iterations"}, defaultValue = "3000", description = "Timed APDUs per case (default ${DEFAULT-VALUE}).")
        int n;

        @Option(names = "--warmup", defaultValue = "500", description = "Untimed APDUs first (default ${DEFAULT-VALUE}).")
        int warmup;

        @Override
        public void run() {
            report.measure(javaAndCores(), Failure.CHECKED, lines -> {
                List<RoundTrip.Result> results = ApduBench.run(new ApduBench.Config(readers, warmup, n), racs.readers(), lines);
                double base = results.get(0).medianMicros();
                double baseLong = results.get(1).medianMicros();
                for (int i = 2; i < results.size(); i++) {
                    RoundTrip.Result r = results.get(i);
                    double b = i % 2 == 0 ? base : baseLong;
                    report.out().printf("ratio %-28s %8.1fx the in-process median%n", r.name(), r.medianMicros() / b);
                }
            });
        }
    }

    @Command(name = "jmh", mixinStandardHelpOptions = true,
            description = "JMH micro-benchmarks (e.g. TraceCost: what the trace costs per APDU).")
    static final class Jmh implements Runnable {
        @Mixin
        Report report;

        @picocli.CommandLine.Parameters(arity = "0..1", paramLabel = "REGEX", defaultValue = ".*", description = "Benchmarks to run (default all).")
        String include;

        @Option(names = {"-i", "--iterations"}, defaultValue = "5", description = "Measurement iterations of 1 s (default ${DEFAULT-VALUE}).")
        int iterations;

        @Override
        public void run() {
            try {
                org.secfunet.bench.JmhRun.run(include, iterations, report.lines());
            } catch (org.openjdk.jmh.runner.RunnerException e) {
                throw new UserException("JMH failed: " + e.getMessage());
            }
        }
    }

    @Command(name = "eap", mixinStandardHelpOptions = true,
            description = "EAP-TLS handshakes with the card as peer: APDUs, EAP rounds, bytes and time, with no flag (extended APDUs when the path allows them), forced short and forced extended APDUs, against a host-only baseline.")
    static final class Eap implements Runnable {
        @Mixin
        Report report;

        @Option(names = {"-n", "--handshakes"}, defaultValue = "30", description = "Handshakes per configuration (default ${DEFAULT-VALUE}).")
        int n;

        @Override
        public void run() {
            report.measure(javaAndCores() + "; card in process, answers capped at 8190 bytes as through javax.smartcardio", Failure.CHECKED,
                    lines -> org.secfunet.bench.EapCardBench.run(n, lines));
        }
    }

    @Command(name = "s_scard", mixinStandardHelpOptions = true,
            description = "Full-handshake time against one openssl s_server -Verify 1: s_scard (card in process) vs JSSE with a PKCS#12 key vs openssl s_time.")
    static final class SScard implements Runnable {
        @Mixin
        Report report;
        @Mixin
        CardPathOptions card;

        @Mixin
        CardProfileOptions profiles;

        @Option(names = {"-n", "--handshakes"}, defaultValue = "50", description = "Handshakes per client (default ${DEFAULT-VALUE}).")
        int n;

        @Override
        public void run() {
            SScardBench.CardPath path = card.path();
            List<org.secfunet.card.runtime.CardLatencyModel> models = profiles.models();
            report.measure(javaAndCores(), Failure.ANY, lines -> {
                for (String version : List.of("1.2", "1.3")) {
                    SScardBench.run(n, version, path, models, lines);
                }
            });
        }
    }

    /** {@code --card-profile} (repeatable): real-card latency models, refused as a bad command line when they do not parse. */
    static final class CardProfileOptions {
        @Option(names = "--card-profile", paramLabel = "NAME|[NAME,]key=value,...",
                description = "Also charge a real-card latency model (repeatable): default-9600, contact-115200, contact-230400, contactless-424,"
                        + " or a custom model (baud, link=t0|t1|cl, cmd-ms, keygen-ms, ecdh-ms, sign-ms, verify-ms, rsa-sign-ms, rsa-verify-ms).")
        List<String> specs;

        List<org.secfunet.card.runtime.CardLatencyModel> models() {
            List<org.secfunet.card.runtime.CardLatencyModel> models = new java.util.ArrayList<>();
            for (String spec : specs == null ? List.<String>of() : specs) {
                try {
                    models.add(org.secfunet.card.runtime.CardLatencyModel.parse(spec));
                } catch (IllegalArgumentException e) {
                    throw new UserException(e.getMessage(), Errors.USAGE);
                }
            }
            return models;
        }
    }

    /** {@code --vpcd HOST:PORT} with {@code --reader NAME}: the s_scard benchmark's card served to pcscd instead of in process. */
    static final class CardPathOptions {
        @Option(names = "--vpcd", paramLabel = "HOST:PORT", description = "Serve the benchmark card to pcscd through this vpcd slot (with --reader).")
        String vpcd;

        @Option(names = "--reader", paramLabel = "NAME", description = "The PC/SC reader of that vpcd slot, e.g. 'VPCD0 00 00'.")
        String reader;

        SScardBench.CardPath path() {
            if ((vpcd == null) != (reader == null)) {
                throw new UserException("give --vpcd and --reader together", Errors.USAGE);
            }
            if (vpcd == null) {
                return SScardBench.CardPath.IN_PROCESS;
            }
            HostPort at = HostPortOption.parse(vpcd, "--vpcd");
            return new SScardBench.CardPath(at.host(), at.port(), reader);
        }
    }

    @Command(name = "grid", mixinStandardHelpOptions = true,
            description = "Card handshakes through s_hypervisor with the cards in a RACS server, 1 to 8 cards, vs direct in-process s_scard.")
    static final class Grid implements Runnable {
        @Mixin
        GridBenchReport report;

        @Option(names = {"-n", "--per-card"}, defaultValue = "25", description = "Handshakes per card in each configuration (default ${DEFAULT-VALUE}).")
        int n;
        @Mixin
        CardProfileOptions profiles;

        @Override
        public void run() {
            List<org.secfunet.card.runtime.CardLatencyModel> models = profiles.models();
            report.measure(lines -> org.secfunet.bench.GridBench.run(n, models, lines));
        }
    }

    @Command(name = "grid-zk", mixinStandardHelpOptions = true,
            description = "2 s_hypervisors on ZooKeeper + 2 RACS servers + 8 cards vs 1 s_hypervisor with the static TOML (same cards), interleaved rounds: handshakes/s, p50/p99, the coordination cost per handshake.")
    static final class GridZk implements Runnable {
        @Mixin
        GridBenchReport report;

        @Option(names = {"-n", "--per-card"}, defaultValue = "25", description = "Handshakes per card in each loaded configuration (default ${DEFAULT-VALUE}); 2n with one client.")
        int n;
        @Option(names = "--rounds", defaultValue = "3", description = "Interleaved rounds the handshakes are split into (default ${DEFAULT-VALUE}).")
        int rounds;
        @Option(names = "--zookeeper", paramLabel = "FILE",
                description = "A TOML file with a [zookeeper] table: use that ensemble (the bench writes under <root>/secfunet-bench-<random> and leaves it)."
                        + " Default: a ZooKeeper server in this JVM.")
        java.nio.file.Path zookeeper;

        @Override
        public void run() {
            quiet("org.secfunet.coord");
            Logs.atLeast("org.apache.zookeeper", ch.qos.logback.classic.Level.ERROR); // the in-JVM server's and clients' chatter
            Logs.atLeast("org.apache.curator", ch.qos.logback.classic.Level.ERROR);
            report.measure(lines -> org.secfunet.bench.GridZkBench.run(n, rounds, zookeeper, lines));
        }
    }

    @Command(name = "radius", mixinStandardHelpOptions = true,
            description = "EAP-TLS authentications/s through radius_server with 1, 2, 4 cards, and hostapd's server as the reference.")
    static final class Radius implements Runnable {
        @Mixin
        Report report;

        @Option(names = {"-n", "--per-card"}, defaultValue = "30", description = "Authentications per card in each configuration (default ${DEFAULT-VALUE}).")
        int n;
        @Option(names = "-tls1_2", description = "TLS 1.2 at hostapd (default: 1.3 everywhere).")
        boolean tls12;

        @Override
        public void run() {
            quiet("org.secfunet.radius");
            report.measure(javaAndCores() + "; EC P-256; peers are software cards in this JVM", Failure.BAD_PARAMETER_IS_USAGE,
                    lines -> org.secfunet.bench.RadiusBench.run(n, !tls12, lines));
        }
    }

    @Command(name = "jca", mixinStandardHelpOptions = true,
            description = "Full-handshake HTTPS requests/s to a real nginx with the client key in a PKCS#12 file, the card as signer (mode 1), the handshake in the card (mode 2).")
    static final class Jca implements Runnable {
        @Mixin
        Report report;

        @Option(names = {"-n", "--requests"}, defaultValue = "200", description = "Requests per configuration (default ${DEFAULT-VALUE}).")
        int n;
        @Option(names = {"-c", "--clients"}, defaultValue = "1", description = "Concurrent clients, one card each (default ${DEFAULT-VALUE}).")
        int clients;
        @Option(names = "--rsa", description = "RSA 2048 keys (default: EC P-256).")
        boolean rsa;
        @Option(names = "-tls1_2", description = "TLS 1.2 (default: 1.3).")
        boolean tls12;

        @Override
        public void run() {
            if (org.secfunet.jca.lab.NginxLab.binary() == null) {
                throw new UserException("bench jca needs nginx: apt-get install nginx");
            }
            report.measure(javaAndCores() + "; " + (rsa ? "RSA 2048" : "EC P-256") + ", TLS " + (tls12 ? "1.2" : "1.3") + ", nginx " + "on loopback; software cards in this JVM",
                    Failure.BAD_PARAMETER_IS_USAGE, lines -> org.secfunet.bench.JcaBench.run(n, clients,
                            rsa ? org.secfunet.eap.tls.pki.ThrowawayPki.KeyType.RSA_2048 : org.secfunet.eap.tls.pki.ThrowawayPki.KeyType.EC_P256,
                            tls12 ? "TLSv1.2" : "TLSv1.3", lines));
        }
    }

    @Command(name = "record", mixinStandardHelpOptions = true,
            description = "Bulk encryption throughput of the host record layer vs JSSE, in memory (TLS 1.3 AES-128-GCM unless --suite).")
    static final class Record implements Runnable {
        @Mixin
        Report report;

        @Option(names = "--mb", defaultValue = "512", description = "MiB to encrypt per side (default ${DEFAULT-VALUE}).")
        int mb;

        @Option(names = "--suite", paramLabel = "SUITE", split = ",",
                description = "Cipher suite(s), IANA names, or 'all': TLS 1.3 suites and TLS 1.2 ECDHE-ECDSA AEAD suites (default TLS_AES_128_GCM_SHA256).")
        List<String> suites = List.of("TLS_AES_128_GCM_SHA256");

        @Override
        public void run() {
            List<String> which = suites.equals(List.of("all")) ? org.secfunet.bench.RecordBench.SUITES : suites;
            report.measure(javaAndCores(), Failure.ANY, lines -> org.secfunet.bench.RecordBench.run(mb, which, lines));
        }
    }

    /** A benchmark that reports its figures line by line. */
    interface Measurement {
        void run(Consumer<String> lines) throws Exception;
    }

    /** Which of a benchmark's exceptions become the one line "benchmark failed: …". */
    enum Failure {
        /**
         * Checked ones (I/O); a runtime exception goes to {@link Errors} as it is, but for the
         * benchmarks' own checks (IllegalArgumentException: a parameter out of range,
         * IllegalStateException: the reader holds no test card), which are one line, exit 1.
         */
        CHECKED,
        /** Every exception. */
        ANY,
        /** Every exception but a bad parameter (IllegalArgumentException), which is a usage error with its own message. */
        BAD_PARAMETER_IS_USAGE
    }

    /** {@code --debug} and the output of a benchmark: a header line, then each result line as it comes. */
    static final class Report {
        @Spec(Spec.Target.MIXEE)
        CommandSpec spec;
        @Mixin
        DebugOption debug;

        PrintWriter out() {
            return spec.commandLine().getOut();
        }

        /** Each line printed and flushed as it comes. */
        Consumer<String> lines() {
            PrintWriter out = out();
            return line -> {
                out.println(line);
                out.flush();
            };
        }

        /** Prints the header, then runs the benchmark; what it throws becomes one error line as {@code failure} says. */
        void measure(String header, Failure failure, Measurement m) {
            out().println(header);
            try {
                m.run(lines());
            } catch (IllegalArgumentException e) {
                if (failure == Failure.BAD_PARAMETER_IS_USAGE) {
                    throw new UserException(e.getMessage(), Errors.USAGE);
                }
                throw failure == Failure.ANY ? failed(e) : new UserException(e.getMessage());
            } catch (IllegalStateException e) {
                throw failure == Failure.CHECKED ? new UserException(e.getMessage()) : failed(e);
            } catch (RuntimeException e) {
                throw failure == Failure.CHECKED ? e : failed(e);
            } catch (Exception e) {
                throw failed(e);
            }
        }

        private static UserException failed(Exception e) {
            return new UserException("benchmark failed: " + e.getMessage());
        }
    }

    /** The first line of every report: the JVM and the cores it measured on. */
    static String javaAndCores() {
        return "java " + Runtime.version() + ", " + Runtime.getRuntime().availableProcessors() + " cores";
    }

    /** The services a benchmark starts log every session at INFO; that would drown the results. */
    static void quiet(String logger) {
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(logger)).setLevel(ch.qos.logback.classic.Level.WARN);
    }
}
