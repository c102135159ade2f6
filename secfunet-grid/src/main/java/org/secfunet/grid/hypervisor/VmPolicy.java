package org.secfunet.grid.hypervisor;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.secfunet.coord.Binding;

/**
 * What one VM may ask for, checked by both brokers before a card is touched: its modes, its
 * targets (empty: any) and the cards bound to it. {@link HandshakeBroker} has it from the
 * hypervisor's TOML, {@link GridBroker} from the VM's binding in ZooKeeper.
 */
record VmPolicy(Set<String> modes, Set<String> targets, List<String> cards) {

    /** The policy of a VM of the hypervisor's TOML. */
    static VmPolicy of(HypervisorConfig.Vm vm) {
        return new VmPolicy(vm.modes().stream().map(VmPolicy::modeName).collect(Collectors.toUnmodifiableSet()), vm.targets(), vm.cards());
    }

    /** The policy of a VM's binding in ZooKeeper. */
    static VmPolicy of(Binding b) {
        return new VmPolicy(b.modes(), b.targets(), b.seids());
    }

    /** A mode as the VM protocol, the bindings and the metrics spell it ({@code tunnel}, {@code handoff}). */
    static String modeName(HypervisorConfig.Mode mode) {
        return mode.name().toLowerCase(Locale.ROOT);
    }

    /** Why {@code req} is not allowed for this VM, or null when it is. */
    String refusal(VmRequest req) {
        String mode = modeName(req.mode());
        if (!modes.contains(mode)) {
            return "mode " + mode + " is not allowed for this VM";
        }
        if (!targets.isEmpty() && !targets.contains(req.target().toString())) {
            return "target " + req.target() + " is not allowed for this VM";
        }
        if (req.card() != null && !cards.contains(req.card())) {
            return "card '" + req.card() + "' is not bound to this VM";
        }
        return null;
    }

    /** The cards that may serve {@code req} (allowed): the one it names, else every card of the VM. */
    List<String> cardsFor(VmRequest req) {
        return req.card() != null ? List.of(req.card()) : cards;
    }
}
