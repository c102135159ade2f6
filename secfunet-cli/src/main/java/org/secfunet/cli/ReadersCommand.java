package org.secfunet.cli;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.secfunet.apdu.trace.Tracer;
import org.secfunet.pcsc.PcscReaders;
import org.secfunet.pcsc.ReaderInfo;
import org.secfunet.pcsc.ReaderWatcher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "readers", mixinStandardHelpOptions = true,
        description = "List PC/SC readers with card presence and ATR (like pcsc_scan); --watch follows events.")
final class ReadersCommand implements Runnable {
    @Spec
    CommandSpec spec;
    @Mixin
    DiagnosticOptions diagnostics;

    @Option(names = "--with-card", description = "Only readers that hold a card.")
    boolean withCard;

    @Option(names = {"-w", "--watch"}, description = "After the list, print reader and card events until interrupted.")
    boolean watch;

    @Option(names = "--for", paramLabel = "SECONDS", description = "With --watch: stop after this many seconds.")
    Integer seconds;

    @Option(names = "--poll", paramLabel = "MS", defaultValue = "250", description = "With --watch: longest wait between checks (default ${DEFAULT-VALUE} ms).")
    int pollMillis;

    @Override
    @SuppressWarnings("try") // the watcher runs while the body waits, which never names it
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        PcscReaders pcsc = PcscReaders.shared();
        List<ReaderInfo> readers = withCard ? pcsc.listWithCard() : pcsc.list();
        if (readers.isEmpty()) {
            out.println(withCard ? "no reader holds a card" : "no PC/SC reader found");
        }
        for (ReaderInfo r : readers) {
            out.printf("%d: %s%n   card: %s%n", r.index(), r.name(),
                    r.cardPresent() ? "present, ATR " + r.atrHex().orElse("(unreadable: card in exclusive use)") : "absent");
        }
        out.flush();
        if (!watch) {
            return;
        }
        if (seconds != null && (seconds < 1 || seconds > 86400)) {
            throw new UserException("--for must be 1..86400 seconds", Errors.USAGE);
        }
        CountDownLatch forever = new CountDownLatch(1);
        try (Tracer tracer = diagnostics.openTrace(); ReaderWatcher w = new ReaderWatcher(pcsc, e -> {
            out.println(e.at() + " " + e.describe());
            out.flush();
            tracer.event(e.reader().isEmpty() ? "pcsc" : e.reader(), e.describe());
        }, Duration.ofMillis(pollMillis), false).start()) {
            out.println("watching for reader and card events" + (seconds == null ? " (Ctrl-C to stop)" : " for " + seconds + " s"));
            out.flush();
            if (seconds == null) {
                forever.await();
            } else {
                forever.await(seconds, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.io.IOException e) {
            throw new UserException("cannot open the trace destination: " + e.getMessage());
        }
    }
}
