package org.secfunet.coord;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live RACS servers and their SEs: each registration is an EPHEMERAL znode kept by a Curator
 * {@link PersistentNode}, so it vanishes when this process's session ends (crash, partition longer
 * than the session timeout, {@link GridCoordinator#close}) and comes back by itself after a
 * reconnect or a session expiry. Readers list what every process registered.
 */
public final class Registry implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Registry.class);

    private final GridCoordinator coord;
    private final Map<String, PersistentNode> servers = new HashMap<>();
    private final Map<String, PersistentNode> ses = new HashMap<>();
    private final Map<String, SeInfo> seInfo = new HashMap<>();

    Registry(GridCoordinator coord) {
        this.coord = coord;
    }

    /** Registers (or re-registers with new data) a RACS server of this process. */
    public synchronized void registerServer(ServerInfo s) {
        register(servers, coord.path(Znodes.RACS, s.name()), "server " + s.name(), ZnodeJson.write(coord.path(Znodes.RACS, s.name()), s));
    }

    /**
     * Registers (or re-registers with new data) an SE of this process's RACS server; refused when
     * another live session registered that SEID (two servers claiming one SEID).
     */
    public synchronized void registerSe(SeInfo se) {
        String p = coord.path(Znodes.SE, se.seid());
        register(ses, p, "SE " + se.seid(), ZnodeJson.write(p, se));
        seInfo.put(se.seid(), se);
    }

    /** Publishes an SE's new health (the SE must be registered by this process). */
    public synchronized void updateHealth(String seid, SeHealth health) {
        SeInfo se = seInfo.get(seid);
        if (se == null) {
            throw new IllegalArgumentException("SE " + seid + " is not registered by this process");
        }
        SeInfo updated = se.withHealth(health);
        String p = coord.path(Znodes.SE, seid);
        register(ses, p, "SE " + seid, ZnodeJson.write(p, updated));
        seInfo.put(seid, updated);
    }

    /** Removes an SE registration of this process (no-op when absent). */
    public synchronized void unregisterSe(String seid) {
        seInfo.remove(seid);
        closeNode(ses.remove(seid));
    }

    /** Removes a server registration of this process (no-op when absent); its SEs stay registered until unregistered. */
    public synchronized void unregisterServer(String name) {
        closeNode(servers.remove(name));
    }

    private void register(Map<String, PersistentNode> nodes, String path, String what, byte[] data) {
        String key = path.substring(path.lastIndexOf('/') + 1);
        PersistentNode n = nodes.get(key);
        if (n != null) {
            try {
                n.setData(data); // written now if connected, else kept for the re-creation
                return;
            } catch (IllegalStateException notCreatedYet) {
                // started while ZooKeeper was away: start it again with the new data
                nodes.remove(key);
                closeNode(n);
            } catch (Exception e) {
                throw coord.failure("update", path, e);
            }
        }
        if (coord.health() == Health.CONNECTED) {
            try {
                Stat st = coord.client().checkExists().forPath(path);
                long mine = coord.client().getZookeeperClient().getZooKeeper().getSessionId();
                if (st != null && st.getEphemeralOwner() != 0 && st.getEphemeralOwner() != mine) {
                    throw new CoordinationException(what + " is already registered by another live process (session 0x"
                            + Long.toHexString(st.getEphemeralOwner()) + "): two RACS servers with one name or SEID?");
                }
            } catch (KeeperException.NoNodeException e) {
                // free
            } catch (Exception e) {
                throw coord.failure("check", path, e);
            }
        }
        PersistentNode node = new PersistentNode(coord.client(), CreateMode.EPHEMERAL, false, path, data);
        node.start();
        nodes.put(key, node);
        try {
            if (!node.waitForInitialCreate(coord.settings().connectionTimeoutMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("coordination: {} is not registered yet; it will be as soon as ZooKeeper answers", what);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeNode(PersistentNode n) {
        if (n != null) {
            try {
                n.close();
            } catch (IOException | RuntimeException e) {
                LOG.warn("coordination: cannot remove a registration: {}", e.toString());
            }
        }
    }

    /**
     * The newest fencing token handed out for {@code seid}: its counter {@code /fence/<seid>} (read
     * after a sync with the leader), 0 when no lock holder ever raised it. A RACS server takes it as
     * the SE's floor when it registers, so a restart does not forget which tokens are stale.
     */
    public long fencingFloor(String seid) {
        Znodes.checkId("SEID", seid);
        String fp = coord.path(Znodes.FENCE, seid);
        coord.sync(fp);
        try {
            return SeLocks.parse(fp, coord.client().getData().forPath(fp));
        } catch (KeeperException.NoNodeException e) {
            return 0;
        } catch (Exception e) {
            throw coord.failure("read", fp, e);
        }
    }

    /** The live RACS servers (every process's), by name, as the leader has them. */
    public List<ServerInfo> servers() {
        return coord.readAll(Znodes.RACS, ServerInfo.class);
    }

    /** The registered SEs (every process's), by SEID, as the leader has them. */
    public List<SeInfo> ses() {
        return coord.readAll(Znodes.SE, SeInfo.class);
    }

    /** The registered SE {@code seid} as the leader has it, or empty. */
    public java.util.Optional<SeInfo> se(String seid) {
        return readOne(Znodes.SE, Znodes.checkId("SEID", seid), SeInfo.class);
    }

    /** The live RACS server {@code name} as the leader has it, or empty. */
    public java.util.Optional<ServerInfo> server(String name) {
        return readOne(Znodes.RACS, Znodes.checkId("server name", name), ServerInfo.class);
    }

    private <T> java.util.Optional<T> readOne(String child, String name, Class<T> type) {
        String p = coord.path(child, name);
        coord.sync(p);
        try {
            return java.util.Optional.of(ZnodeJson.read(p, coord.client().getData().forPath(p), type));
        } catch (KeeperException.NoNodeException e) {
            return java.util.Optional.empty();
        } catch (Exception e) {
            throw coord.failure("read", p, e);
        }
    }

    /** Ends this process's registrations. */
    @Override
    public synchronized void close() {
        servers.values().forEach(Registry::closeNode);
        ses.values().forEach(Registry::closeNode);
        servers.clear();
        ses.clear();
        seInfo.clear();
    }
}
