package org.secfunet.coord;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.secfunet.service.HostPort;

/**
 * A VM's binding under {@code /binding/<vm>}: the SEIDs it may use (each bound to it alone), its
 * allowed modes ({@code tunnel}, {@code handoff}) and targets ({@code host:port}; empty = any).
 * No PIN: operator-held PINs stay in the hypervisor's own configuration.
 */
public record Binding(String vm, List<String> seids, Set<String> modes, Set<String> targets) {
    /** The modes a VM may be given. */
    public static final Set<String> MODES = Set.of("tunnel", "handoff");
    /** The most SEs one VM may be bound to. */
    public static final int MAX_SES = 256;

    public Binding {
        Znodes.checkVm(vm);
        if (seids == null || seids.isEmpty() || seids.size() > MAX_SES) {
            throw new IllegalArgumentException("vm " + vm + " must be bound to 1-" + MAX_SES + " SEs");
        }
        seids = List.copyOf(seids);
        if (Set.copyOf(seids).size() != seids.size()) {
            throw new IllegalArgumentException("vm " + vm + " names an SE twice");
        }
        seids.forEach(s -> Znodes.checkId("vm " + vm + ": SEID", s));
        modes = modes == null || modes.isEmpty() ? MODES : Set.copyOf(modes);
        for (String m : modes) {
            if (!MODES.contains(m)) {
                throw new IllegalArgumentException("vm " + vm + ": unknown mode '" + m + "' (tunnel or handoff)");
            }
        }
        TreeSet<String> t = new TreeSet<>();
        for (String s : targets == null ? Set.<String>of() : targets) {
            t.add(HostPort.parse(s, "vm " + vm + " target").toString());
        }
        targets = java.util.Collections.unmodifiableSet(t);
        modes = java.util.Collections.unmodifiableSet(new TreeSet<>(modes));
    }
}
