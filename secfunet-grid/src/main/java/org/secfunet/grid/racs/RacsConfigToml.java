package org.secfunet.grid.racs;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.secfunet.coord.CoordSettings;
import org.secfunet.service.TomlConfig;

/**
 * The RACS server configuration file as TOML maps it, before validation, read by the shared
 * {@link TomlConfig} (unknown keys and values of the wrong type are one-line errors naming the key).
 */
final class RacsConfigToml {
    private RacsConfigToml() {
    }

    static final class Root {
        public String listen;
        public Tls tls;
        public Limits limits;
        /** CN -> list of SEIDs, or "*". */
        public Map<String, Object> users;
        public List<Se> se;
        public List<Rule> deny;
        /** "optional" or "required", for every SE without its own. */
        public String fencing;
        /** The grid's ZooKeeper ensemble: register this server and its SEs there (optional). */
        public CoordSettings.Table zookeeper;
        /** This server's name in the grid registry (with [zookeeper]; default: its certificate's CN). */
        public String name;
        /** host:port clients reach this server at, published in the grid registry (with [zookeeper]). */
        public String advertise;
        /** host:port of the Prometheus endpoint (optional). */
        public String metrics;
        /** Bearer token the endpoint requires (a secret spec; needed off loopback). */
        @JsonProperty("metrics_token")
        public String metricsToken;
    }

    static final class Tls {
        public String cert;
        public String key;
        @JsonProperty("client_ca")
        public String clientCa;
    }

    static final class Limits {
        @JsonProperty("max_line")
        public Integer maxLine;
        @JsonProperty("max_lines")
        public Integer maxLines;
        @JsonProperty("max_sessions")
        public Integer maxSessions;
        @JsonProperty("max_sessions_per_client")
        public Integer maxSessionsPerClient;
        @JsonProperty("idle_seconds")
        public Integer idleSeconds;
        @JsonProperty("handshake_seconds")
        public Integer handshakeSeconds;
        @JsonProperty("max_pending_handshakes")
        public Integer maxPendingHandshakes;
        @JsonProperty("max_pending_per_source")
        public Integer maxPendingPerSource;
    }

    static final class Se {
        public String seid;
        public String reader;
        public List<String> aids;
        public List<Rule> deny;
        public List<Rule> allow;
        public String fencing;
    }

    static final class Rule {
        public String prefix;
        public String mask;
        @JsonProperty("exact_cla")
        public Boolean exactCla;
    }

    /** Maps the text with the shared reader; {@code source} names the file in messages. */
    static Root read(String text, String source) {
        try {
            return TomlConfig.parse(text, source, Root.class);
        } catch (IllegalArgumentException e) {
            throw new RacsConfigException(e.getMessage(), e);
        }
    }

    /** Reads the file with the shared reader (size cap, one-line errors). */
    static Root read(Path file) {
        try {
            return TomlConfig.read(file, Root.class);
        } catch (IllegalArgumentException e) {
            throw new RacsConfigException(e.getMessage(), e);
        }
    }
}
