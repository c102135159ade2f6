package org.secfunet.coord;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * The per-VM wrong-PIN budget shared by every hypervisor, in {@code /pin/<vm>}: at most
 * {@code maxFailures} wrong PINs per VM in a sliding window, with the semantics of the
 * hypervisor's in-memory PinGuard: a try is {@link #reserve reserved} before the PIN reaches a
 * card, and the failures of the window plus the tries in flight never exceed {@code maxFailures},
 * however many requests on however many hypervisors run at once. Every change is a versioned
 * compare-and-set of the VM's znode (bounded retries). Times are the injected clock's wall time
 * (epoch ms), so the hypervisors' clocks must agree (NTP); a reserved try not settled within the
 * lease (its hypervisor died) is given back. The card's own tries-left check (pin.reserve) stays
 * in the hypervisor, which reads it from the card.
 */
public final class PinLedger {
    /** What a VM is told to wait when its window is full only of tries still in flight (as PinGuard). */
    public static final long IN_FLIGHT_RETRY_MS = 1_000;
    /** The largest budget: bounds the znode's lists. */
    public static final int MAX_FAILURES = 1000;
    /** How many compare-and-set rounds one change may take. */
    static final int MAX_ATTEMPTS = 64;

    private final GridCoordinator coord;
    private final int maxFailures;
    private final long windowMillis;
    private final long leaseMillis;
    private final Clock clock;

    /** A VM's znode: the times of its recent wrong PINs and its reserved tries, oldest first. */
    record State(List<Long> failures, List<Reserved> tries) {
        State {
            failures = failures == null ? List.of() : List.copyOf(failures);
            tries = tries == null ? List.of() : List.copyOf(tries);
        }
    }

    /** A try in flight: its id and until when it is held (epoch ms). */
    record Reserved(String id, long until) {
    }

    PinLedger(GridCoordinator coord, int maxFailures, long windowSeconds, long leaseMillis, Clock clock) {
        if (maxFailures < 1 || maxFailures > MAX_FAILURES) {
            throw new IllegalArgumentException("pin max failures = " + maxFailures + " is outside 1.." + MAX_FAILURES);
        }
        if (windowSeconds < 1 || windowSeconds > 86_400) {
            throw new IllegalArgumentException("pin window = " + windowSeconds + " s is outside 1..86400");
        }
        if (leaseMillis < 1 || leaseMillis > 3_600_000) {
            throw new IllegalArgumentException("pin try lease = " + leaseMillis + " ms is outside 1..3600000");
        }
        this.coord = coord;
        this.maxFailures = maxFailures;
        this.windowMillis = TimeUnit.SECONDS.toMillis(windowSeconds);
        this.leaseMillis = leaseMillis;
        this.clock = clock;
    }

    /** Reserves one try for {@code vm}; empty when the window is full (then {@link #retryAfterMillis} says for how long). */
    public Optional<Try> reserve(String vm) {
        Znodes.checkVm(vm);
        coord.requireAvailable();
        String id = HexFormat.of().formatHex(randomId());
        boolean[] got = new boolean[1];
        update(vm, s -> {
            got[0] = false;
            if (s.failures().size() + s.tries().size() >= maxFailures) {
                return null;
            }
            got[0] = true;
            List<Reserved> t = new ArrayList<>(s.tries());
            t.add(new Reserved(id, clock.millis() + leaseMillis));
            return new State(s.failures(), t);
        });
        return got[0] ? Optional.of(new Try(vm, id)) : Optional.empty();
    }

    private static byte[] randomId() {
        byte[] b = new byte[8];
        ThreadLocalRandom.current().nextBytes(b);
        return b;
    }

    /** 0 unless the window is full of failures, else the milliseconds until the oldest ages out. */
    public long blockedForMillis(String vm) {
        State s = trimmed(fresh(vm));
        if (s.failures().size() < maxFailures) {
            return 0;
        }
        return Math.max(1, s.failures().get(s.failures().size() - maxFailures) + windowMillis - clock.millis());
    }

    /** After a refused {@link #reserve}: how long the VM should wait before its next PIN. */
    public long retryAfterMillis(String vm) {
        long w = blockedForMillis(vm);
        return w > 0 ? w : IN_FLIGHT_RETRY_MS;
    }

    /** The VM's wrong PINs in the window. */
    public int recentFailures(String vm) {
        return trimmed(fresh(vm)).failures().size();
    }

    /** The VM's tries in flight (reserved, not settled, lease not over). */
    public int inFlight(String vm) {
        return trimmed(fresh(vm)).tries().size();
    }

    /** A failure counted without a reservation. */
    public void failed(String vm) {
        Znodes.checkVm(vm);
        update(vm, s -> withFailure(s, null));
    }

    private State withFailure(State s, String id) {
        List<Long> f = new ArrayList<>(s.failures());
        f.add(clock.millis());
        while (f.size() > maxFailures) {
            f.remove(0);
        }
        return new State(f, s.tries().stream().filter(r -> !r.id().equals(id)).toList());
    }

    /** A reserved PIN try of one VM: {@link #failed()} when the card said wrong PIN, else closing gives it back. */
    public final class Try implements AutoCloseable {
        private final String vm;
        private final String id;
        private boolean settled;

        private Try(String vm, String id) {
            this.vm = vm;
            this.id = id;
        }

        /** The card refused the PIN: the try becomes a failure of the window. */
        public synchronized void failed() {
            if (!settled) {
                settled = true;
                update(vm, s -> withFailure(s, id));
            }
        }

        /** The PIN was right, or never reached the card: the try is free again. */
        @Override
        public synchronized void close() {
            if (!settled) {
                settled = true;
                update(vm, s -> s.tries().stream().anyMatch(r -> r.id().equals(id))
                        ? new State(s.failures(), s.tries().stream().filter(r -> !r.id().equals(id)).toList()) : null);
            }
        }
    }

    /** {@code s} without the failures out of the window and the tries whose lease is over. */
    private State trimmed(State s) {
        long now = clock.millis();
        return new State(s.failures().stream().filter(t -> now - t < windowMillis).toList(),
                s.tries().stream().filter(r -> r.until() > now).toList());
    }

    /**
     * Applies {@code change} to the trimmed state with compare-and-set until it sticks; {@code change}
     * returns null for no write. A write from a stale read fails its version check; a decision not to
     * write (a refusal) is taken again once after a sync, so it never rests on a lagging server.
     */
    private void update(String vm, Function<State, State> change) {
        String p = coord.path(Znodes.PIN, vm);
        boolean synced = false;
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Stat st = new Stat();
            State cur = read(vm, st);
            State next = change.apply(trimmed(cur));
            if (next == null) {
                if (synced) {
                    return;
                }
                coord.sync(p);
                synced = true;
                continue;
            }
            byte[] data = ZnodeJson.write(p, next);
            try {
                if (st.getCzxid() == 0) {
                    coord.client().create().withMode(CreateMode.PERSISTENT).forPath(p, data);
                } else {
                    coord.client().setData().withVersion(st.getVersion()).forPath(p, data);
                }
                return;
            } catch (KeeperException.BadVersionException | KeeperException.NodeExistsException | KeeperException.NoNodeException e) {
                pause(attempt);
            } catch (Exception e) {
                throw coord.failure("update", p, e);
            }
        }
        throw new CoordinationException("cannot update the PIN ledger " + p + ": changed under " + MAX_ATTEMPTS
                + " attempts in a row; try again");
    }

    /** The VM's state as the leader has it. */
    private State fresh(String vm) {
        Znodes.checkVm(vm);
        coord.sync(coord.path(Znodes.PIN, vm));
        return read(vm, new Stat());
    }

    /** The VM's state (empty when it has no znode: then {@code st} stays zero). */
    private State read(String vm, Stat st) {
        String p = coord.path(Znodes.PIN, vm);
        try {
            return ZnodeJson.read(p, coord.client().getData().storingStatIn(st).forPath(p), State.class);
        } catch (KeeperException.NoNodeException e) {
            return new State(List.of(), List.of());
        } catch (Exception e) {
            throw coord.failure("read", p, e);
        }
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(1, 2 + Math.min(attempt, 20)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CoordinationException("interrupted while updating the PIN ledger");
        }
    }
}
