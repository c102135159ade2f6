package org.secfunet.cli;

import org.secfunet.coord.CoordSettings;
import org.secfunet.coord.GridAdmin;
import org.secfunet.coord.Znodes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** `secfunet grid pool add|remove NAME SEID`: the radius_server pools of server-role cards (docs/radius.md, "radius_servers on ZooKeeper"). */
@Command(name = "pool", mixinStandardHelpOptions = true,
        description = {"Manage the radius_server pools: the SEs (server-role cards) the radius_servers of a pool share.",
                "Their PINs stay in each radius_server's own configuration; `grid status` shows the pools and who holds each SE."},
        subcommands = {GridPoolCommand.Add.class, GridPoolCommand.Remove.class})
final class GridPoolCommand extends SubcommandGroup {
    /** The pool and the SE a command names, checked before anything is connected (exit 2 when malformed). */
    static final class Names {
        @Parameters(index = "0", paramLabel = "POOL", description = "The pool's name (as in the radius_server's [pool] name).")
        String pool;
        @Parameters(index = "1", paramLabel = "SEID", description = "The SE (its SEID in the registry).")
        String seid;

        void check() {
            try {
                Znodes.checkId("pool name", pool);
                Znodes.checkId("SEID", seid);
            } catch (IllegalArgumentException e) {
                throw new UserException(e.getMessage(), Errors.USAGE);
            }
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Put an SE in a radius_server pool (the pool is made by its first SE).")
    static final class Add implements Runnable {
        @Mixin
        GridCommand.Zk zk;
        @Mixin
        Names names;

        @Override
        public void run() {
            names.check();
            CoordSettings s = zk.settings();
            try (GridAdmin admin = zk.open(s)) {
                boolean added = UserInput.parse(() -> admin.poolAdd(names.pool, names.seid));
                zk.out().println(added ? "added SE " + names.seid + " to pool " + names.pool : "SE " + names.seid + " is already in pool " + names.pool);
            }
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true,
            description = "Take an SE out of a radius_server pool (a conversation holding it finishes; no new one takes it).")
    static final class Remove implements Runnable {
        @Mixin
        GridCommand.Zk zk;
        @Mixin
        Names names;

        @Override
        public void run() {
            names.check();
            CoordSettings s = zk.settings();
            try (GridAdmin admin = zk.open(s)) {
                if (!UserInput.parse(() -> admin.poolRemove(names.pool, names.seid))) {
                    throw new UserException("SE " + names.seid + " is not in pool " + names.pool + " (see: secfunet grid status --zookeeper " + zk.file + ")");
                }
                zk.out().println("removed SE " + names.seid + " from pool " + names.pool);
            }
        }
    }
}
