package org.secfunet.coord;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;

/**
 * The radius_server pools: {@code /pool/<pool>/<seid>} (PERSISTENT, empty) puts an SE in a named
 * pool of server-role cards that every radius_server of that pool shares, each conversation
 * taking the SE's {@link SeLocks lock}. Managed by {@code secfunet grid pool add|remove}; an SE
 * may be in several pools (the lock still gives it to one holder at a time). No PIN here: each
 * radius_server has the PINs of its pool's cards in its own configuration.
 */
public final class RadiusPools {
    /** The most SEs one pool may hold (a bound on what a radius_server reads). */
    public static final int MAX_MEMBERS = 1024;

    private final GridCoordinator coord;

    RadiusPools(GridCoordinator coord) {
        this.coord = coord;
    }

    /** Puts {@code seid} in {@code pool} (created if need be); false when it was in it already. */
    public boolean add(String pool, String seid) {
        Znodes.checkId("pool name", pool);
        Znodes.checkId("SEID", seid);
        coord.requireAvailable();
        String p = coord.path(Znodes.POOL, pool) + "/" + seid;
        if (members(pool).size() >= MAX_MEMBERS) {
            throw new CoordinationException("pool " + pool + " already holds " + MAX_MEMBERS + " SEs: make another pool");
        }
        try {
            coord.client().create().creatingParentsIfNeeded().withMode(CreateMode.PERSISTENT).forPath(p);
            return true;
        } catch (KeeperException.NodeExistsException e) {
            return false;
        } catch (Exception e) {
            throw coord.failure("create", p, e);
        }
    }

    /** Takes {@code seid} out of {@code pool} (the pool's znode goes with its last SE); false when it was not in it. */
    public boolean remove(String pool, String seid) {
        Znodes.checkId("pool name", pool);
        Znodes.checkId("SEID", seid);
        coord.requireAvailable();
        String pp = coord.path(Znodes.POOL, pool);
        String p = pp + "/" + seid;
        try {
            coord.client().delete().forPath(p);
        } catch (KeeperException.NoNodeException e) {
            return false;
        } catch (Exception e) {
            throw coord.failure("delete", p, e);
        }
        try {
            coord.client().delete().forPath(pp);
        } catch (KeeperException.NotEmptyException | KeeperException.NoNodeException e) {
            // other SEs remain, or removed meanwhile
        } catch (Exception e) {
            throw coord.failure("delete", pp, e);
        }
        return true;
    }

    /**
     * The SEIDs of {@code pool}, sorted; empty when it has none. Read from this client's server
     * without a sync: a change made elsewhere a moment ago may not be seen yet.
     */
    public List<String> members(String pool) {
        Znodes.checkId("pool name", pool);
        String pp = coord.path(Znodes.POOL, pool);
        try {
            List<String> m = new ArrayList<>(coord.client().getChildren().forPath(pp));
            if (m.size() > MAX_MEMBERS) {
                throw new CoordinationException("pool " + pool + " holds " + m.size() + " SEs, more than " + MAX_MEMBERS + ": remove some");
            }
            m.sort(null);
            return List.copyOf(m);
        } catch (KeeperException.NoNodeException e) {
            return List.of();
        } catch (Exception e) {
            throw coord.failure("list", pp, e);
        }
    }

    /** Every pool and its SEIDs, sorted, as the leader has them. */
    public Map<String, List<String>> list() {
        String parent = coord.path(Znodes.POOL);
        coord.sync(parent);
        List<String> names;
        try {
            names = new ArrayList<>(coord.client().getChildren().forPath(parent));
        } catch (Exception e) {
            throw coord.failure("list", parent, e);
        }
        names.sort(null);
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (String n : names) {
            List<String> m = members(n);
            if (!m.isEmpty()) {
                out.put(n, m);
            }
        }
        return out;
    }

    /** Who holds {@code seid}'s lock now (the holder's name), or null. */
    public String lockHolder(String seid) {
        Znodes.checkId("SEID", seid);
        return GridSnapshot.holder(coord, seid);
    }
}
