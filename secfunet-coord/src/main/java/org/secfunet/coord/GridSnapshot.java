package org.secfunet.coord;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.zookeeper.KeeperException;

/**
 * What the grid looks like at one moment, for {@code secfunet grid status}: the live RACS servers,
 * the registered SEs with their health, lock holder (null when free) and bound VM (null when
 * none), and the bindings. Read znode by znode: not one atomic picture.
 */
public record GridSnapshot(Instant takenAt, Health health, List<ServerInfo> servers, List<SeStatus> ses, List<Binding> bindings) {
    /** An SE as the status shows it. */
    public record SeStatus(SeInfo se, String lockHolder, String boundTo) {
    }

    static GridSnapshot take(GridCoordinator coord) {
        coord.requireAvailable();
        Registry r = coord.registry();
        List<Binding> bindings = coord.bindings().list();
        Map<String, String> bound = new HashMap<>();
        bindings.forEach(b -> b.seids().forEach(s -> bound.put(s, b.vm())));
        List<SeStatus> ses = new ArrayList<>();
        for (SeInfo se : r.ses()) {
            ses.add(new SeStatus(se, holder(coord, se.seid()), bound.get(se.seid())));
        }
        return new GridSnapshot(coord.clock().instant(), coord.health(), r.servers(), List.copyOf(ses), bindings);
    }

    /** The name in the first lease node of {@code seid}'s lock (the lease nodes end in a sequence number), or null. */
    static String holder(GridCoordinator coord, String seid) {
        String lp = coord.path(Znodes.LOCK, seid) + "/" + SeLocks.LEASES;
        try {
            coord.sync(lp);
            List<String> nodes = new ArrayList<>(coord.client().getChildren().forPath(lp));
            nodes.sort(Comparator.comparing(GridSnapshot::sequence));
            for (String n : nodes) {
                try {
                    byte[] b = coord.client().getData().forPath(lp + "/" + n);
                    return b == null ? "" : new String(ZnodeJson.capped(lp + "/" + n, b), StandardCharsets.UTF_8);
                } catch (KeeperException.NoNodeException e) {
                    // released meanwhile: the next one holds it
                }
            }
            return null;
        } catch (KeeperException.NoNodeException e) {
            return null;
        } catch (Exception e) {
            throw coord.failure("read", lp, e);
        }
    }

    private static String sequence(String node) {
        int i = node.length() - 10;
        return i < 0 ? node : node.substring(i);
    }
}
