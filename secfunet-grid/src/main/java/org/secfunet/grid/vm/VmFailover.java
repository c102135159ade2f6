package org.secfunet.grid.vm;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import javax.net.ssl.SSLContext;
import org.secfunet.grid.hypervisor.VmRequest;
import org.secfunet.service.HostPort;

/**
 * A VM with several s_hypervisors: the request goes to the first, and to the next one when a
 * hypervisor is down (no connection, TLS or the line protocol broke) or answers BUSY, round after
 * round until one serves or the total time is spent. Between rounds in which every hypervisor was
 * busy it waits for the smallest retry hint (at least {@link #MIN_PAUSE_MS}, at most what is
 * left). A refusal that another hypervisor would repeat ends the attempt at once: a wrong PIN, a
 * denied card, mode or target, a target that does not answer; so a wrong PIN is never presented
 * twice by the failover. Only ERR {@code card} (the path to the card broke) and
 * {@code internal} move on to the next hypervisor, whose cards may be reachable.
 */
public final class VmFailover {
    /** ERR codes after which the next hypervisor is tried. */
    static final Set<String> RETRIED_ERRORS = Set.of("card", "internal");
    /** Shortest wait between two rounds of BUSY answers. */
    static final long MIN_PAUSE_MS = 50;
    /**
     * Least time left worth another attempt: a TLS handshake and a request line need it, and an
     * attempt cut short by its own read timeout would report a time-out where the truth is BUSY.
     */
    static final long MIN_ATTEMPT_MS = 250;

    /** How the failover waits between rounds (a test passes one that records instead). */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(long millis) throws InterruptedException;
    }

    private final List<HostPort> hypervisors;
    private final LongSupplier nanos;
    private final Sleeper sleeper;

    /** @param hypervisors tried in this order, at least one */
    public VmFailover(List<HostPort> hypervisors, LongSupplier nanos, Sleeper sleeper) {
        if (hypervisors.isEmpty()) {
            throw new IllegalArgumentException("give at least one s_hypervisor");
        }
        this.hypervisors = List.copyOf(hypervisors);
        this.nanos = nanos;
        this.sleeper = sleeper;
    }

    public VmFailover(List<HostPort> hypervisors) {
        this(hypervisors, System::nanoTime, Thread::sleep);
    }

    /**
     * A session from the first hypervisor that serves within {@code totalMillis}.
     *
     * @param pin the card PIN for this VM, or null (the operator's); wiped here
     * @throws VmRefusedException a final refusal, or BUSY from every hypervisor until the time ran out
     * @throws IOException        no hypervisor could be reached; the message names each one's failure
     */
    public VmClient.Session connect(SSLContext context, VmRequest request, char[] pin, long totalMillis)
            throws IOException, VmRefusedException, InterruptedException {
        long deadline = nanos.getAsLong() + TimeUnit.MILLISECONDS.toNanos(totalMillis);
        List<String> failures = new ArrayList<>();
        VmRefusedException lastBusy = null;
        try {
            while (true) {
                long hint = Long.MAX_VALUE;
                boolean anyBusy = false;
                for (HostPort h : hypervisors) {
                    long left = TimeUnit.NANOSECONDS.toMillis(deadline - nanos.getAsLong());
                    if (left < MIN_ATTEMPT_MS && (lastBusy != null || !failures.isEmpty())) {
                        throw outOfTime(totalMillis, failures, lastBusy); // the first attempt always runs, however short the budget
                    }
                    try {
                        return VmClient.connect(h, context, request, pin == null ? null : pin.clone(), (int) Math.min(left, Integer.MAX_VALUE));
                    } catch (VmRefusedException e) {
                        if (e.busy()) {
                            anyBusy = true;
                            lastBusy = e;
                            long r = e.retryAfterMillis();
                            hint = Math.min(hint, r < 0 ? MIN_PAUSE_MS : r);
                            note(failures, h, "busy");
                        } else if (RETRIED_ERRORS.contains(e.reply().code())) {
                            note(failures, h, e.getMessage());
                        } else {
                            throw e;
                        }
                    } catch (IOException e) {
                        note(failures, h, e.getMessage());
                    }
                }
                if (!anyBusy) {
                    throw new IOException("no s_hypervisor could serve: " + String.join("; ", failures));
                }
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - nanos.getAsLong());
                if (left < MIN_ATTEMPT_MS) {
                    throw outOfTime(totalMillis, failures, lastBusy);
                }
                sleeper.sleep(Math.max(MIN_PAUSE_MS, Math.min(hint, left - MIN_ATTEMPT_MS)));
            }
        } finally {
            if (pin != null) {
                Arrays.fill(pin, '\0');
            }
        }
    }

    private static void note(List<String> failures, HostPort h, String why) {
        String line = h + ": " + why;
        failures.remove(line); // one line per hypervisor and reason, however many rounds
        failures.add(line);
        if (failures.size() > 16) {
            failures.remove(0);
        }
    }

    /** BUSY when some hypervisor answered busy (the caller may retry later), else the failures as one line. */
    private static VmRefusedException outOfTime(long totalMillis, List<String> failures, VmRefusedException lastBusy) throws IOException {
        if (lastBusy != null) {
            return lastBusy; // every hypervisor that answered was busy: the caller may retry later
        }
        throw new IOException("no s_hypervisor served within " + totalMillis + " ms: " + String.join("; ", failures));
    }
}
