package org.secfunet.coord;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The grid's znode layout under its root ({@code /secfunet} by default), each name defined once
 * here with its meaning. Every znode the grid writes carries the grid user's digest ACL (ALL) and
 * nothing else; none holds a secret.
 */
public final class Znodes {
    /** Parent of {@code <server>}: EPHEMERAL, a live RACS server's endpoint and certificate fingerprint (JSON). */
    public static final String RACS = "racs";
    /** Parent of {@code <seid>}: EPHEMERAL, a registered SE: owner server, kind, ATR, applet AIDs, health (JSON). */
    public static final String SE = "se";
    /** Parent of {@code <vm>}: PERSISTENT, a VM's binding: its SEIDs, modes and targets (JSON). */
    public static final String BINDING = "binding";
    /**
     * Parent of {@code <seid>}: PERSISTENT, the VM an SE is bound to (UTF-8 name); created and
     * deleted in the same transaction as the binding, so one SE never serves two VMs.
     */
    public static final String OWNER = "owner";
    /**
     * Parent of {@code <seid>}: the SE's lock, a Curator one-lease semaphore ({@code <seid>/locks},
     * {@code <seid>/leases}); the holder's lease node holds its holder name (UTF-8).
     */
    public static final String LOCK = "lock";
    /** Parent of {@code <seid>}: PERSISTENT, the SE's fencing counter (decimal), raised by one by each lock holder. */
    public static final String FENCE = "fence";
    /** Parent of {@code <vm>}: PERSISTENT, the VM's recent wrong-PIN times and PIN tries in flight (JSON). */
    public static final String PIN = "pin";

    /**
     * Parent of {@code <pool>/<seid>}: PERSISTENT, empty, an SE of a radius_server pool: every
     * radius_server of that pool may use it (taking its {@link #LOCK} for each conversation). The
     * pool's znode {@code <pool>} is PERSISTENT and empty too. The card's PIN is in each
     * radius_server's own configuration, never here.
     */
    public static final String POOL = "pool";

    /** The children the coordinator creates under the root on start. */
    public static final List<String> CHILDREN = List.of(RACS, SE, BINDING, OWNER, LOCK, FENCE, PIN, POOL);

    /** The largest znode payload the grid writes or reads (bytes); larger ones are refused. */
    public static final int MAX_PAYLOAD = 64 * 1024;

    /** A SEID or RACS server name: printable ASCII without space or '/' (a RACS SEID is printable ASCII), 1-64 characters. */
    private static final Pattern ID = Pattern.compile("[\\x21-\\x2e\\x30-\\x7e]{1,64}");
    /** A VM name (the CN of its certificate): printable ASCII without '/', at most 128 characters. */
    private static final Pattern VM = Pattern.compile("[\\x20-\\x2e\\x30-\\x7e]{1,128}");

    private Znodes() {
    }

    /** {@code root/child}. */
    public static String path(String root, String child) {
        return root + "/" + child;
    }

    /** {@code root/child/name}. */
    public static String path(String root, String child, String name) {
        return root + "/" + child + "/" + name;
    }

    /** {@code id} if it can name an SE or a RACS server; one-line error naming {@code what} otherwise. */
    public static String checkId(String what, String id) {
        if (id == null || !ID.matcher(id).matches() || id.equals(".") || id.equals("..")) {
            throw new IllegalArgumentException(what + " '" + id + "' must be 1-64 printable ASCII characters without space or '/'");
        }
        return id;
    }

    /** {@code vm} if it can name a VM's znode; one-line error otherwise. */
    public static String checkVm(String vm) {
        if (vm == null || !VM.matcher(vm).matches() || vm.isBlank() || vm.equals(".") || vm.equals("..")) {
            throw new IllegalArgumentException("vm name '" + vm + "' must be 1-128 printable ASCII characters without '/'");
        }
        return vm;
    }
}
