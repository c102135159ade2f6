package org.secfunet.grid.demo;

/**
 * The RACS server TOML a lab writes: {@code listen}, an optional {@code name} and {@code fencing}, the
 * lab's TLS files ({@code racs-server.pem}/{@code .key}, clients from {@code grid-ca.pem}), 256 sessions,
 * the user {@code hypervisor-racs} on every SE, then one {@code [[se]]} per lab card ({@code se}i on
 * {@code vcard:card-}i{@code .sfn}, each followed by the same extra lines, e.g. its firewall keys), then
 * any trailing tables (e.g. {@code [zookeeper]}). One builder for {@link GridLab} and the bench's grid
 * on ZooKeeper, so both write the same file for the same inputs.
 */
public final class LabRacsToml {
    private final String listen;
    private String name;
    private String fencing;
    private int firstCard = 1;
    private int lastCard;
    private String eachSe = "";
    private String tail = "";

    /** A config listening on {@code listen} (HOST:PORT), with no cards yet. */
    public LabRacsToml(String listen) {
        this.listen = listen;
    }

    /** The server's {@code name} (none by default). */
    public LabRacsToml name(String name) {
        this.name = name;
        return this;
    }

    /** The server's {@code fencing} setting (none by default: the server's own default). */
    public LabRacsToml fencing(String fencing) {
        this.fencing = fencing;
        return this;
    }

    /** The lab cards {@code first}..{@code last} (1-based, inclusive), one {@code [[se]]} each. */
    public LabRacsToml cards(int first, int last) {
        this.firstCard = first;
        this.lastCard = last;
        return this;
    }

    /** Text written after each {@code [[se]]} table's reader line (empty by default). */
    public LabRacsToml eachSe(String lines) {
        this.eachSe = lines;
        return this;
    }

    /** Text written after the last {@code [[se]]} (empty by default). */
    public LabRacsToml tail(String text) {
        this.tail = text;
        return this;
    }

    /** The TOML text. */
    public String text() {
        StringBuilder rc = new StringBuilder("listen = \"" + listen + "\"\n");
        if (name != null) {
            rc.append("name = \"").append(name).append("\"\n");
        }
        if (fencing != null) {
            rc.append("fencing = \"").append(fencing).append("\"\n");
        }
        rc.append("""
                [tls]
                cert = "racs-server.pem"
                key = "racs-server.key"
                client_ca = "grid-ca.pem"
                [limits]
                max_sessions_per_client = 256
                max_sessions = 256
                [users]
                "hypervisor-racs" = ["*"]
                """);
        for (int i = firstCard; i <= lastCard; i++) {
            rc.append("[[se]]\nseid = \"se").append(i).append("\"\nreader = \"vcard:card-").append(i).append(".sfn\"\n").append(eachSe);
        }
        return rc.append(tail).toString();
    }
}
