package org.secfunet.coord;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.secfunet.service.TomlConfig;

/**
 * The bindings in today's s_hypervisor TOML: its {@code [[card]]} tables (id, a
 * {@code racs://HOST:PORT/SEID} reader) and {@code [[vm]]} tables (name, cards, modes, targets).
 * Every other key of the file is ignored; a card's {@code pin} is never read (no PIN goes to
 * ZooKeeper). A binding names SEIDs, so SEIDs are unique across the grid's RACS servers.
 */
final class HypervisorToml {
    private HypervisorToml() {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record File(@JsonProperty("card") List<Card> card, @JsonProperty("vm") List<Vm> vm) {
    }

    @JsonIgnoreProperties(value = {"identity", "pin"})
    record Card(@JsonProperty(value = "id", required = true) String id, @JsonProperty(value = "reader", required = true) String reader) {
    }

    record Vm(@JsonProperty(value = "name", required = true) String name, @JsonProperty(value = "cards", required = true) List<String> cards,
              @JsonProperty("modes") List<String> modes, @JsonProperty("targets") List<String> targets) {
    }

    /** The bindings of the file, checked whole; one-line {@link IllegalArgumentException} naming the table otherwise. */
    static List<Binding> bindings(Path file) {
        return bindings(TomlConfig.read(file, File.class), file.toString());
    }

    static List<Binding> parse(String text, String source) {
        return bindings(TomlConfig.parse(text, source, File.class), source);
    }

    private static List<Binding> bindings(File f, String source) {
        if (f.vm() == null || f.vm().isEmpty()) {
            throw new IllegalArgumentException("config " + source + " has no [[vm]] to import");
        }
        Map<String, String> seidOf = new HashMap<>();
        for (Card c : f.card() == null ? List.<Card>of() : f.card()) {
            if (seidOf.put(c.id(), seid(c)) != null) {
                throw new IllegalArgumentException("config " + source + ": card id '" + c.id() + "' appears twice");
            }
        }
        Map<String, String> owner = new HashMap<>();
        HashSet<String> names = new HashSet<>();
        List<Binding> out = new ArrayList<>();
        for (Vm v : f.vm()) {
            if (!names.add(v.name())) {
                throw new IllegalArgumentException("config " + source + ": vm '" + v.name() + "' appears twice");
            }
            LinkedHashSet<String> seids = new LinkedHashSet<>();
            for (String c : v.cards()) {
                String s = seidOf.get(c);
                if (s == null) {
                    throw new IllegalArgumentException("config " + source + ": vm " + v.name() + " names card '" + c + "', which no [[card]] defines");
                }
                String prev = owner.put(s, v.name());
                if (prev != null && !prev.equals(v.name())) {
                    throw new IllegalArgumentException("config " + source + ": SE " + s + " is bound to both vm " + prev + " and vm " + v.name()
                            + " (a card serves one VM)");
                }
                seids.add(s);
            }
            try {
                out.add(new Binding(v.name(), List.copyOf(seids), v.modes() == null ? null : new LinkedHashSet<>(v.modes()),
                        v.targets() == null ? null : new LinkedHashSet<>(v.targets())));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("config " + source + ": " + e.getMessage());
            }
        }
        return out;
    }

    /** The SEID of a {@code racs://HOST:PORT/SEID} reader. */
    private static String seid(Card c) {
        String r = c.reader();
        int slash = r.lastIndexOf('/');
        if (!r.startsWith("racs://") || slash < "racs://".length() || slash == r.length() - 1) {
            throw new IllegalArgumentException("card " + c.id() + ": reader '" + r + "' is not racs://HOST:PORT/SEID"
                    + " (only RACS cards can be shared through ZooKeeper)");
        }
        return Znodes.checkId("card " + c.id() + ": SEID", r.substring(slash + 1));
    }
}
