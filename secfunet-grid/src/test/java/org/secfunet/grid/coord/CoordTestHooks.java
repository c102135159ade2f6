package org.secfunet.grid.coord;

/** Test hooks into a {@link GridCoordinator} for tests outside this package (a RACS server's registration). */
public final class CoordTestHooks {
    private CoordTestHooks() {
    }

    /** Makes ZooKeeper expire the coordinator's current session, as after a partition longer than the session timeout. */
    public static void expireSession(GridCoordinator c) throws Exception {
        c.client().getZookeeperClient().getZooKeeper().getTestable().injectSessionExpiration();
    }

    /** The coordinator's current ZooKeeper session id (0: none now). */
    public static long sessionId(GridCoordinator c) {
        return c.sessionId();
    }
}
