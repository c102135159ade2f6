package org.secfunet.grid.demo;

import java.util.List;

/**
 * The s_hypervisor TOML a lab writes: {@code listen}, an optional {@code name} and {@code metrics},
 * the lab's TLS files ({@code hypervisor.pem}/{@code .key} toward the VMs, whose CA is
 * {@code grid-ca.pem}; {@code hypervisor-racs.pem}/{@code .key} toward RACS), the {@code [queue]} and
 * {@code [limits]} given, then what was added in the order it was added: raw tables (e.g.
 * {@code [zookeeper]}), {@code [[card]]} and {@code [[vm]]} entries. One builder for {@link GridLab}
 * and the bench's grid on ZooKeeper, so both write the same file for the same inputs.
 */
public final class LabHypervisorToml {
    private final String listen;
    private String name;
    private String metrics;
    private String queue;
    private String limits;
    private final StringBuilder body = new StringBuilder();

    /** A config listening on {@code listen} (HOST:PORT); {@link #queue} and {@link #limits} must be given before {@link #text}. */
    public LabHypervisorToml(String listen) {
        this.listen = listen;
    }

    /** The hypervisor's {@code name} (none by default). */
    public LabHypervisorToml name(String name) {
        this.name = name;
        return this;
    }

    /** Where its metrics endpoint listens (none by default). */
    public LabHypervisorToml metrics(String metrics) {
        this.metrics = metrics;
        return this;
    }

    /** The {@code [queue]} table: {@code wait_ms} and {@code max_waiters}. */
    public LabHypervisorToml queue(long waitMillis, int maxWaiters) {
        this.queue = "wait_ms = " + waitMillis + "\nmax_waiters = " + maxWaiters + "\n";
        return this;
    }

    /** The {@code [limits]} table: {@code probe_ms} and {@code card_keep_ms}. */
    public LabHypervisorToml limits(long probeMillis, long cardKeepMillis) {
        this.limits = "probe_ms = " + probeMillis + "\ncard_keep_ms = " + cardKeepMillis + "\n";
        return this;
    }

    /** Text written as it is after what was added before (e.g. a {@code [zookeeper]} table). */
    public LabHypervisorToml append(String text) {
        body.append(text);
        return this;
    }

    /** A {@code [[card]]}: its {@code id}, its {@code reader} (null: no reader line, as on ZooKeeper) and its {@code pin} (a secret spec). */
    public LabHypervisorToml card(String id, String reader, String pin) {
        body.append("[[card]]\nid = \"").append(id).append('"').append('\n');
        if (reader != null) {
            body.append("reader = \"").append(reader).append('"').append('\n');
        }
        body.append("pin = \"").append(pin).append('"').append('\n');
        return this;
    }

    /** A {@code [[vm]]}: its {@code name} and the ids of its {@code cards}. */
    public LabHypervisorToml vm(String name, List<String> cards) {
        body.append("[[vm]]\nname = \"").append(name).append("\"\ncards = [")
                .append(String.join(", ", cards.stream().map(c -> "\"" + c + "\"").toList())).append("]\n");
        return this;
    }

    /** The TOML text. */
    public String text() {
        if (queue == null || limits == null) {
            throw new IllegalStateException("a lab hypervisor TOML needs its [queue] and [limits]");
        }
        StringBuilder hv = new StringBuilder("listen = \"" + listen + "\"\n");
        if (name != null) {
            hv.append("name = \"").append(name).append("\"\n");
        }
        if (metrics != null) {
            hv.append("metrics = \"").append(metrics).append("\"\n");
        }
        hv.append("""
                [tls]
                cert = "hypervisor.pem"
                key = "hypervisor.key"
                vm_ca = "grid-ca.pem"
                [racs]
                cert = "hypervisor-racs.pem"
                key = "hypervisor-racs.key"
                ca = "grid-ca.pem"
                [queue]
                """);
        hv.append(queue).append("[limits]\n").append(limits);
        return hv.append(body).toString();
    }
}
