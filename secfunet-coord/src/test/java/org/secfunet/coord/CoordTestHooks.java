package org.secfunet.coord;

/** Test hooks on a coordinator for tests outside this package (ZooKeeper's own test hook, not a mock). */
public final class CoordTestHooks {
    private CoordTestHooks() {
    }

    /** Expires {@code coord}'s ZooKeeper session now, as a pause or partition longer than the session timeout would. */
    public static void expireSession(GridCoordinator coord) {
        try {
            coord.client().getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();
        } catch (Exception e) {
            throw new IllegalStateException("cannot expire the session: " + e, e);
        }
    }

    /** The coordinator's current ZooKeeper session id (0: none now). */
    public static long sessionId(GridCoordinator c) {
        return c.sessionId();
    }
}
