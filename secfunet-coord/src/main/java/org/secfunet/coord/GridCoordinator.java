package org.secfunet.coord;

import java.nio.charset.StandardCharsets;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.client.ZKClientConfig;
import org.apache.zookeeper.data.ACL;
import org.apache.zookeeper.data.Id;
import org.apache.zookeeper.server.auth.DigestAuthenticationProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process's connection to the grid's ZooKeeper ensemble, started and closed by its owner: a
 * Curator client authenticated as the grid user (digest), whose every created znode carries
 * {@code digest:user:<digest>} ALL and nothing for anyone else. {@link #start} creates the root and
 * its children ({@link Znodes#CHILDREN}). Curator's connection states become a {@link Health}
 * (listeners are told of each change); {@link #requireAvailable} refuses new work when not
 * {@link Health#CONNECTED}. Gives the grid's {@link Registry}, {@link Bindings}, {@link SeLocks}
 * and {@link PinLedger}.
 */
public final class GridCoordinator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GridCoordinator.class);

    private final CoordSettings settings;
    private final Clock clock;
    private final CopyOnWriteArrayList<Consumer<Health>> listeners = new CopyOnWriteArrayList<>();
    private volatile Health health = Health.LOST;
    private volatile Instant healthSince;
    private CuratorFramework client;
    private List<ACL> acl;
    private Registry registry;
    private SeLocks locks;
    private boolean closed;

    /** A coordinator for {@code settings}; {@code clock} dates health changes (and so the ages in messages). */
    public GridCoordinator(CoordSettings settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
        this.healthSince = clock.instant();
    }

    /**
     * Connects (waiting at most the connection timeout) and creates the root znodes; a
     * {@link CoordinationUnavailableException} when the ensemble cannot be reached, a
     * {@link CoordinationException} when the grid user may not use the root.
     */
    public synchronized void start() {
        if (client != null || closed) {
            throw new IllegalStateException("a GridCoordinator is started once");
        }
        char[] pw = settings.password().read();
        String userPass = settings.user() + ":" + new String(pw);
        Arrays.fill(pw, '\0');
        try {
            // a list that answers contains(null): ZooKeeper asks it
            acl = java.util.Collections.singletonList(new ACL(ZooDefs.Perms.ALL, new Id("digest", DigestAuthenticationProvider.generateDigest(userPass))));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-1 for ZooKeeper's digest authentication", e);
        }
        ZKClientConfig zk = new ZKClientConfig();
        zk.setProperty(ZKClientConfig.ENABLE_CLIENT_SASL_KEY, "false"); // digest auth only: no JAAS lookup
        byte[] auth = userPass.getBytes(StandardCharsets.UTF_8);
        client = CuratorFrameworkFactory.builder()
                .connectString(settings.connect())
                // the operator's connect string is the one used, always: Curator's ensemble tracker would replace it
                // with the servers' own addresses from /zookeeper/config, which clients behind NAT, a proxy or a
                // tunnel cannot reach (and a reconfigured ensemble is given to the grid by its configuration)
                .ensembleTracker(false)
                .sessionTimeoutMs(settings.sessionTimeoutMillis())
                .connectionTimeoutMs(settings.connectionTimeoutMillis())
                .retryPolicy(settings.retryPolicy())
                .zkClientConfig(zk)
                .authorization("digest", auth)
                .aclProvider(new GridAcl(acl))
                .build();
        Arrays.fill(auth, (byte) 0);
        client.getConnectionStateListenable().addListener((c, s) -> changed(s));
        client.start();
        try {
            if (!client.blockUntilConnected(settings.connectionTimeoutMillis(), TimeUnit.MILLISECONDS)) {
                client.close();
                throw new CoordinationUnavailableException("cannot reach ZooKeeper at " + settings.connect() + " within "
                        + settings.connectionTimeoutMillis() + " ms: check zookeeper.connect and that a quorum of the ensemble runs");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            client.close();
            throw new CoordinationUnavailableException("interrupted while connecting to ZooKeeper at " + settings.connect());
        }
        for (String child : Znodes.CHILDREN) {
            String p = Znodes.path(settings.root(), child);
            try {
                client.create().creatingParentsIfNeeded().forPath(p);
            } catch (KeeperException.NodeExistsException e) {
                // made by an earlier start
            } catch (Exception e) {
                client.close();
                throw failure("create", p, e);
            }
        }
        checkAcls();
        registry = new Registry(this);
        locks = new SeLocks(this);
        LOG.info("coordination: connected to ZooKeeper at {} as {} under {}", settings.connect(), settings.user(), settings.root());
    }

    /**
     * Refuses a root or child that anyone may use (a {@code world} ACL: made by hand, or by a
     * tool without the grid's ACL); warns about other foreign entries (an operator's admin user).
     */
    private void checkAcls() {
        List<String> paths = new java.util.ArrayList<>();
        paths.add(settings.root());
        Znodes.CHILDREN.forEach(c -> paths.add(path(c)));
        for (String p : paths) {
            List<ACL> found;
            try {
                found = client.getACL().forPath(p);
            } catch (Exception e) {
                client.close();
                throw failure("read the ACL of", p, e);
            }
            for (ACL a : found) {
                if (a.getId().getScheme().equals("world")) {
                    client.close();
                    throw new CoordinationException("the znode " + p + " is open to world:" + a.getId().getId()
                            + " (not made by the grid): restrict it to the grid user with setAcl, or remove it and start again");
                }
                if (!acl.contains(a)) {
                    LOG.warn("coordination: the znode {} also grants {} to {}:{}", p, a.getPerms(), a.getId().getScheme(), a.getId().getId());
                }
            }
        }
    }

    private void changed(ConnectionState s) {
        Health h = switch (s) {
            case CONNECTED, RECONNECTED -> Health.CONNECTED;
            case SUSPENDED, READ_ONLY -> Health.SUSPENDED;
            case LOST -> Health.LOST;
        };
        if (h == health) {
            return;
        }
        health = h;
        healthSince = clock.instant();
        if (h == Health.CONNECTED) {
            LOG.info("coordination: ZooKeeper at {} is {} ({})", settings.connect(), h, s);
        } else {
            LOG.warn("coordination: ZooKeeper at {} is {} ({}); Curator reconnects by itself (each service says what it does meanwhile)", settings.connect(), h, s);
        }
        for (Consumer<Health> l : listeners) {
            try {
                l.accept(h);
            } catch (RuntimeException e) {
                LOG.warn("coordination: a health listener failed: {}", e.toString());
            }
        }
    }

    /** The current health. */
    public Health health() {
        return health;
    }

    /** Since when the health is what it is (by the coordinator's clock). */
    public Instant healthSince() {
        return healthSince;
    }

    /** Tells {@code listener} of each health change (on Curator's event thread: keep it short). */
    public void addHealthListener(Consumer<Health> listener) {
        listeners.add(listener);
    }

    public void removeHealthListener(Consumer<Health> listener) {
        listeners.remove(listener);
    }

    /** Returns when {@link Health#CONNECTED}; otherwise a {@link CoordinationUnavailableException} with a one-line message. */
    public void requireAvailable() {
        Health h = health;
        if (h != Health.CONNECTED) {
            long s = Math.max(0, Duration.between(healthSince, clock.instant()).toSeconds());
            throw new CoordinationUnavailableException("ZooKeeper at " + settings.connect() + " is unreachable or has lost its quorum: "
                    + "new card sessions are refused until it returns (" + h + " for " + s + " s)");
        }
    }

    public CoordSettings settings() {
        return settings;
    }

    /** This process's registrations (ephemeral, re-created by themselves after a session expiry). */
    public Registry registry() {
        started();
        return registry;
    }

    public Bindings bindings() {
        started();
        return new Bindings(this);
    }

    /** The radius_server pools ({@code /pool/<pool>/<seid>}). */
    public RadiusPools radiusPools() {
        started();
        return new RadiusPools(this);
    }

    /** The SE locks (one instance per coordinator: it remembers the fencing counters this process raised). */
    public SeLocks locks() {
        started();
        return locks;
    }

    /**
     * A copy of the bindings and the registry kept up to date by watch events, for reads without a
     * round trip (see {@link GridCache} for how far it may lag); started now, closed by the caller.
     */
    public GridCache cache() {
        started();
        return GridCache.start(this);
    }

    /** The wrong-PIN ledger: at most {@code maxFailures} per VM per window; a reserved try not settled within {@code leaseMillis} is given back. */
    public PinLedger pinLedger(int maxFailures, long windowSeconds, long leaseMillis) {
        started();
        return new PinLedger(this, maxFailures, windowSeconds, leaseMillis, clock);
    }

    /** What the grid looks like now (for {@code grid status}). */
    public GridSnapshot snapshot() {
        started();
        return GridSnapshot.take(this);
    }

    /** Ends the registrations and the session (its ephemeral znodes and locks go at once). */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (registry != null) {
            registry.close();
        }
        if (client != null) {
            client.close();
        }
    }

    // ---- for the package

    CuratorFramework client() {
        started();
        return client;
    }

    /**
     * Brings this client's server up to date with the leader for {@code path} (ZooKeeper's sync),
     * waiting at most the connection timeout: a read after it sees every write committed before.
     * Reads without it may lag behind other clients' writes by a moment (never behind this client's).
     */
    void sync(String path) {
        java.util.concurrent.CountDownLatch done = new java.util.concurrent.CountDownLatch(1);
        try {
            client.sync().inBackground((c, e) -> done.countDown()).forPath(path);
            if (!done.await(settings.connectionTimeoutMillis(), TimeUnit.MILLISECONDS)) {
                LOG.debug("coordination: sync of {} did not answer in time; reading what the server has", path);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CoordinationException("interrupted while syncing " + path);
        } catch (Exception e) {
            throw failure("sync", path, e);
        }
    }

    /**
     * The payloads of every child of {@code /<child>}, by name, as the leader has them (after a
     * {@link #sync}): each read as {@code type} with the payload cap of {@link ZnodeJson}; a child gone
     * between the listing and its read is left out.
     */
    <T> List<T> readAll(String child, Class<T> type) {
        String parent = path(child);
        sync(parent);
        List<String> names;
        try {
            names = new java.util.ArrayList<>(client.getChildren().forPath(parent));
        } catch (Exception e) {
            throw failure("list", parent, e);
        }
        names.sort(null);
        List<T> out = new java.util.ArrayList<>();
        for (String n : names) {
            String p = parent + "/" + n;
            try {
                out.add(ZnodeJson.read(p, client.getData().forPath(p), type));
            } catch (KeeperException.NoNodeException e) {
                // gone between the listing and the read
            } catch (Exception e) {
                throw failure("read", p, e);
            }
        }
        return out;
    }

    /** The current ZooKeeper session's id; 0 when there is none now. */
    long sessionId() {
        try {
            return client.getZookeeperClient().getZooKeeper().getSessionId();
        } catch (Exception e) {
            return 0;
        }
    }

    Clock clock() {
        return clock;
    }

    String path(String child) {
        return Znodes.path(settings.root(), child);
    }

    String path(String child, String name) {
        return Znodes.path(settings.root(), child, name);
    }

    private void started() {
        if (client == null) {
            throw new IllegalStateException("the GridCoordinator is not started");
        }
    }

    /** A one-line exception for a failed ZooKeeper call {@code op} on {@code path}. */
    RuntimeException failure(String op, String path, Exception e) {
        if (e instanceof CoordinationException c) {
            return c;
        }
        if (e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new CoordinationException("interrupted during " + op + " of " + path);
        }
        if (e instanceof KeeperException.NoAuthException) {
            return new CoordinationException("ZooKeeper refused to " + op + " " + path + " to user " + settings.user()
                    + ": wrong grid password, or the znode belongs to another user");
        }
        if (e instanceof KeeperException.ConnectionLossException || e instanceof KeeperException.SessionExpiredException
                || e instanceof KeeperException.OperationTimeoutException) {
            return new CoordinationUnavailableException("ZooKeeper at " + settings.connect() + " is unreachable or has lost its quorum ("
                    + op + " " + path + "): new card sessions are refused until it returns");
        }
        if (e instanceof KeeperException k) {
            return new CoordinationException("ZooKeeper refused to " + op + " " + path + ": " + k.code());
        }
        return new CoordinationException("cannot " + op + " " + path + ": " + e, e);
    }

    /** The grid user's digest, ALL; nobody else anything. */
    private record GridAcl(List<ACL> acl) implements ACLProvider {
        @Override
        public List<ACL> getDefaultAcl() {
            return acl;
        }

        @Override
        public List<ACL> getAclForPath(String path) {
            return acl;
        }
    }
}
