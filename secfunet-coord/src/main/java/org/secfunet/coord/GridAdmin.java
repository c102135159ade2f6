package org.secfunet.coord;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.secfunet.service.TomlConfig;

/**
 * An operator's short session with the grid, for {@code secfunet grid bind|unbind|import|pool|status}:
 * a started {@link GridCoordinator} that registers nothing, with the one call each command makes.
 * Opened by {@link #open} and closed by its owner (the command); every call is bounded by the
 * coordinator's connection timeout and retry policy.
 */
public final class GridAdmin implements AutoCloseable {
    private final GridCoordinator coord;

    private GridAdmin(GridCoordinator coord) {
        this.coord = coord;
    }

    /**
     * The {@code [zookeeper]} table of a TOML file: a dedicated file, or a service's own config
     * (s_hypervisor, racs_server) that has one; every other key of the file is ignored, the table
     * itself is read strictly. A {@code file:} password is relative to the file's directory.
     * One-line {@link IllegalArgumentException} naming the file and the key otherwise.
     */
    public static CoordSettings settings(Path file) {
        AnyConfig c = TomlConfig.read(file, AnyConfig.class);
        if (c.zookeeper() == null) {
            throw new IllegalArgumentException("config " + file + " has no [zookeeper] table (connect, user, password; see docs/grid.md)");
        }
        return CoordSettings.of(c.zookeeper(), file.toAbsolutePath().getParent());
    }

    /** A TOML document of which only the {@code [zookeeper]} table is read. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record AnyConfig(@JsonProperty("zookeeper") CoordSettings.Table zookeeper) {
    }

    /**
     * Connects (waiting at most the connection timeout) as the grid user: a
     * {@link CoordinationUnavailableException} naming the connect string when the ensemble cannot
     * be reached, a {@link CoordinationException} for a wrong grid password, an
     * {@link IllegalStateException} when the password's source cannot be read.
     */
    public static GridAdmin open(CoordSettings settings, Clock clock) {
        GridCoordinator c = new GridCoordinator(settings, clock);
        try {
            c.start();
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
        return new GridAdmin(c);
    }

    /** Binds a VM (replacing its binding); refused with coord's one line when one of its SEs is another VM's. */
    public Binding bind(Binding b) {
        return coord.bindings().bind(b);
    }

    /** Removes a VM's binding; false when it had none. */
    public boolean unbind(String vm) {
        return coord.bindings().unbind(vm);
    }

    /** Binds every {@code [[vm]]} of an s_hypervisor TOML file (see {@link Bindings#importToml}). */
    public List<Binding> importToml(Path file) {
        return coord.bindings().importToml(file);
    }

    /** What the grid looks like now, as {@code grid status} shows it (with the radius_server pools). */
    public GridStatus status() {
        GridSnapshot s = coord.snapshot();
        java.util.Set<String> registered = new java.util.HashSet<>();
        s.ses().forEach(x -> registered.add(x.se().seid()));
        RadiusPools rp = coord.radiusPools();
        List<GridStatus.Pool> pools = new java.util.ArrayList<>();
        rp.list().forEach((name, seids) -> pools.add(new GridStatus.Pool(name,
                seids.stream().map(id -> new GridStatus.PoolSe(id, registered.contains(id), rp.lockHolder(id))).toList())));
        return GridStatus.of(s, coord.settings()).withPools(pools);
    }

    /** Puts an SE in a radius_server pool; false when it was in it already. */
    public boolean poolAdd(String pool, String seid) {
        return coord.radiusPools().add(pool, seid);
    }

    /** Takes an SE out of a radius_server pool; false when it was not in it. */
    public boolean poolRemove(String pool, String seid) {
        return coord.radiusPools().remove(pool, seid);
    }

    @Override
    public void close() {
        coord.close();
    }
}
