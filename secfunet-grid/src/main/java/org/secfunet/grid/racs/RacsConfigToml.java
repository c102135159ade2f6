package org.secfunet.grid.racs;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.util.List;
import java.util.Map;

/**
 * The RACS server configuration file as TOML maps it, before validation; unknown keys and values
 * of the wrong type are errors, reported as one line naming the key.
 */
final class RacsConfigToml {
    private static final TomlMapper TOML = TomlMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    private RacsConfigToml() {
    }

    static final class Root {
        public String listen;
        public Tls tls;
        public Limits limits;
        /** CN -> list of SEIDs, or "*". */
        public Map<String, Object> users;
        public List<Se> se;
        public List<Deny> deny;
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
    }

    static final class Se {
        public String seid;
        public String reader;
        public List<String> aids;
        public List<Deny> deny;
    }

    static final class Deny {
        public String prefix;
        public String mask;
    }

    /** Maps the text; {@code source} names the file in messages. */
    static Root read(String text, String source) {
        try {
            Root r = TOML.readValue(text, Root.class);
            if (r == null) {
                throw new RacsConfigException("config " + source + " is empty");
            }
            return r;
        } catch (UnrecognizedPropertyException e) {
            throw new RacsConfigException("config " + source + ": " + path(e) + ": unknown key (known here: "
                    + String.join(", ", e.getKnownPropertyIds().stream().map(Object::toString).sorted().toList()) + ")", e);
        } catch (MismatchedInputException e) {
            String type = e.getTargetType() == null ? "another type" : typeName(e.getTargetType());
            throw new RacsConfigException("config " + source + ": " + path(e) + ": wrong type (expected " + type + ")", e);
        } catch (JsonMappingException e) {
            throw new RacsConfigException("config " + source + ": " + path(e) + ": " + firstLine(e.getOriginalMessage()), e);
        } catch (JacksonException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null || loc.getLineNr() < 1 ? "" : " (line " + loc.getLineNr() + ")";
            throw new RacsConfigException("config " + source + ": not valid TOML" + where + ": " + firstLine(e.getOriginalMessage()), e);
        }
    }

    private static String typeName(Class<?> c) {
        if (c == Integer.class || c == int.class) {
            return "an integer";
        }
        if (c == String.class) {
            return "a string";
        }
        if (List.class.isAssignableFrom(c)) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(c) || c.getEnclosingClass() == RacsConfigToml.class) {
            return "a table";
        }
        return c.getSimpleName();
    }

    private static String path(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (!sb.isEmpty()) {
                    sb.append('.');
                }
                String f = r.getFieldName();
                sb.append(f.matches("[A-Za-z0-9_-]+") ? f : "\"" + f + "\"");
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "(top level)" : sb.toString();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unreadable";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }
}
