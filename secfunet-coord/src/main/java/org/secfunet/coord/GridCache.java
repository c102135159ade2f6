package org.secfunet.coord;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This process's copy of the bindings and the registry ({@code /binding}, {@code /se},
 * {@code /racs}), kept by one Curator {@link CuratorCache} per tree (a persistent recursive watch
 * each), for the reads a hypervisor makes on every request: a read costs no round trip. Made by
 * {@link GridCoordinator#cache()}, closed by its owner.
 * <p>
 * The copy follows ZooKeeper's watch events: a change another process makes is seen here once its
 * event has arrived and the node has been read (two round trips after the write: milliseconds on a
 * LAN). Until then a removed binding or SE may still be read. After a reconnection the caches read
 * their trees again. A decision that must not rest on the copy reads through {@link Bindings#get}
 * or {@link Registry#se} (synced with the leader). Payloads are read with the cap of every grid read.
 */
public final class GridCache implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GridCache.class);
    private static final List<String> TREES = List.of(Znodes.BINDING, Znodes.SE, Znodes.RACS);

    private final GridCoordinator coord;
    private final CuratorCache bindings;
    private final CuratorCache ses;
    private final CuratorCache servers;
    /** The value last parsed per path, with the zxid of the write it came from: parsed again only when the node changed. */
    private final Map<String, Parsed> parsed = new ConcurrentHashMap<>();

    private record Parsed(long mzxid, Object value) {
    }

    private GridCache(GridCoordinator coord) {
        this.coord = coord;
        this.bindings = tree(Znodes.BINDING);
        this.ses = tree(Znodes.SE);
        this.servers = tree(Znodes.RACS);
    }

    private CuratorCache tree(String child) {
        return CuratorCache.builder(coord.client(), coord.path(child))
                .withExceptionHandler(e -> LOG.warn("coordination: the cache of {} could not read a node: {}", coord.path(child), e.toString()))
                .build();
    }

    /** Starts the three caches and waits (at most the connection timeout) until each has read its tree once. */
    static GridCache start(GridCoordinator coord) {
        GridCache c = new GridCache(coord);
        CountDownLatch loaded = new CountDownLatch(TREES.size());
        for (CuratorCache t : List.of(c.bindings, c.ses, c.servers)) {
            t.listenable().addListener(CuratorCacheListener.builder().forInitialized(loaded::countDown).build());
            t.start();
        }
        try {
            if (!loaded.await(coord.settings().connectionTimeoutMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("coordination: the bindings and registry are not all read yet; requests fall back on reads from ZooKeeper meanwhile");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            c.close();
            throw new CoordinationUnavailableException("interrupted while reading the grid's bindings and registry");
        }
        return c;
    }

    /** {@code vm}'s binding as this copy has it, or empty. */
    public Optional<Binding> binding(String vm) {
        return read(bindings, Znodes.BINDING, Znodes.checkVm(vm), Binding.class);
    }

    /** The registered SE {@code seid} as this copy has it, or empty. */
    public Optional<SeInfo> se(String seid) {
        return read(ses, Znodes.SE, Znodes.checkId("SEID", seid), SeInfo.class);
    }

    /** The live RACS server {@code name} as this copy has it, or empty. */
    public Optional<ServerInfo> server(String name) {
        return read(servers, Znodes.RACS, Znodes.checkId("server name", name), ServerInfo.class);
    }

    private <T> Optional<T> read(CuratorCache cache, String child, String name, Class<T> type) {
        String p = coord.path(child, name);
        Optional<ChildData> d = cache.get(p);
        if (d.isEmpty()) {
            parsed.remove(p);
            return Optional.empty();
        }
        long mzxid = d.get().getStat().getMzxid();
        Parsed last = parsed.get(p);
        if (last != null && last.mzxid() == mzxid && type.isInstance(last.value())) {
            return Optional.of(type.cast(last.value()));
        }
        T v = ZnodeJson.read(p, d.get().getData(), type);
        parsed.put(p, new Parsed(mzxid, v));
        return Optional.of(v);
    }

    /** Stops following the trees. */
    @Override
    public void close() {
        bindings.close();
        ses.close();
        servers.close();
    }
}
