package org.secfunet.coord;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * The VM bindings: {@code /binding/<vm>} (PERSISTENT) says which SEs a VM may use, and for each of
 * them {@code /owner/<seid>} (PERSISTENT, the VM's name) is created or deleted in the same
 * ZooKeeper transaction as the binding change. ZooKeeper refuses to create an owner node that
 * exists, so two VMs are never bound to one SE, even when two operators bind at once.
 */
public final class Bindings {
    /** How many times a bind or unbind is tried again when another writer changed the same VM meanwhile. */
    static final int MAX_ATTEMPTS = 8;

    private final GridCoordinator coord;

    Bindings(GridCoordinator coord) {
        this.coord = coord;
    }

    /** Binds {@code vm} to {@code seids} (replacing its binding); refused when one of them is another VM's. */
    public Binding bind(String vm, List<String> seids, Set<String> modes, Set<String> targets) {
        return bind(new Binding(vm, seids, modes, targets));
    }

    /** Writes {@code b} (replacing the VM's binding) with its owner nodes, in one transaction. */
    public Binding bind(Binding b) {
        coord.requireAvailable();
        String bp = coord.path(Znodes.BINDING, b.vm());
        byte[] data = ZnodeJson.write(bp, b);
        byte[] owner = b.vm().getBytes(StandardCharsets.UTF_8);
        for (int attempt = 1; ; attempt++) {
            Stat st = new Stat();
            Binding old = read(b.vm(), st);
            Set<String> before = old == null ? Set.of() : new LinkedHashSet<>(old.seids());
            List<CuratorOp> ops = new ArrayList<>();
            try {
                for (String s : b.seids()) {
                    if (!before.contains(s)) {
                        ops.add(coord.client().transactionOp().create().withMode(CreateMode.PERSISTENT).forPath(coord.path(Znodes.OWNER, s), owner));
                    }
                }
                for (String s : before) {
                    if (!b.seids().contains(s)) {
                        ops.add(coord.client().transactionOp().delete().forPath(coord.path(Znodes.OWNER, s)));
                    }
                }
                ops.add(old == null
                        ? coord.client().transactionOp().create().withMode(CreateMode.PERSISTENT).forPath(bp, data)
                        : coord.client().transactionOp().setData().withVersion(st.getVersion()).forPath(bp, data));
                coord.client().transaction().forOperations(ops);
                return b;
            } catch (KeeperException.NodeExistsException | KeeperException.BadVersionException | KeeperException.NoNodeException e) {
                String taken = takenSe(b);
                if (taken != null) {
                    throw new CoordinationException(taken);
                }
                if (attempt >= MAX_ATTEMPTS) {
                    throw new CoordinationException("cannot bind vm " + b.vm() + ": its binding kept changing under concurrent writers ("
                            + attempt + " attempts); try again");
                }
                pause();
            } catch (Exception e) {
                throw coord.failure("bind", bp, e);
            }
        }
    }

    /** Which of {@code b}'s SEs another VM owns, as a message; null when none. */
    private String takenSe(Binding b) {
        for (String s : b.seids()) {
            String p = coord.path(Znodes.OWNER, s);
            try {
                byte[] o = coord.client().getData().forPath(p);
                String other = new String(ZnodeJson.capped(p, o), StandardCharsets.UTF_8);
                if (!other.equals(b.vm())) {
                    return "SE " + s + " is already bound to vm " + other + " (a card serves one VM): unbind it there first";
                }
            } catch (KeeperException.NoNodeException e) {
                // free
            } catch (Exception e) {
                throw coord.failure("read", p, e);
            }
        }
        return null;
    }

    /** Removes {@code vm}'s binding and frees its SEs; false when it had none. */
    public boolean unbind(String vm) {
        Znodes.checkVm(vm);
        coord.requireAvailable();
        String bp = coord.path(Znodes.BINDING, vm);
        for (int attempt = 1; ; attempt++) {
            Stat st = new Stat();
            Binding old = read(vm, st);
            if (old == null) {
                return false;
            }
            List<CuratorOp> ops = new ArrayList<>();
            try {
                ops.add(coord.client().transactionOp().delete().withVersion(st.getVersion()).forPath(bp));
                for (String s : old.seids()) {
                    ops.add(coord.client().transactionOp().delete().forPath(coord.path(Znodes.OWNER, s)));
                }
                coord.client().transaction().forOperations(ops);
                return true;
            } catch (KeeperException.BadVersionException | KeeperException.NoNodeException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw new CoordinationException("cannot unbind vm " + vm + ": its binding kept changing under concurrent writers; try again");
                }
                pause();
            } catch (Exception e) {
                throw coord.failure("unbind", bp, e);
            }
        }
    }

    /** {@code vm}'s binding, or null. */
    public Binding get(String vm) {
        Znodes.checkVm(vm);
        coord.sync(coord.path(Znodes.BINDING, vm));
        return read(vm, new Stat());
    }

    /** Every binding, by VM name (as the leader has them). */
    public List<Binding> list() {
        return coord.readAll(Znodes.BINDING, Binding.class);
    }

    /**
     * Binds every {@code [[vm]]} of an s_hypervisor TOML file to the SEIDs of its {@code [[card]]}s
     * (their {@code racs://host:port/SEID} readers); PINs and other keys are not read. Each VM is one
     * transaction; the file is checked whole (a card of two VMs, a non-RACS reader) before any write.
     */
    public List<Binding> importToml(Path file) {
        List<Binding> all = HypervisorToml.bindings(file);
        List<Binding> done = new ArrayList<>();
        for (Binding b : all) {
            done.add(bind(b));
        }
        return done;
    }

    private Binding read(String vm, Stat st) {
        String p = coord.path(Znodes.BINDING, vm);
        try {
            byte[] b = coord.client().getData().storingStatIn(st).forPath(p);
            return ZnodeJson.read(p, b, Binding.class);
        } catch (KeeperException.NoNodeException e) {
            return null;
        } catch (Exception e) {
            throw coord.failure("read", p, e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextInt(5, 50));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CoordinationException("interrupted while binding");
        }
    }
}
