package org.secfunet.service;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;

/**
 * How a service reads its TOML configuration: a size cap, unknown keys and values of the wrong
 * type refused (no silent coercion of 1 to "1"), and every mistake as one line naming the file,
 * the key and what is wrong ({@link IllegalArgumentException}), e.g.
 * {@code config r.toml: limits.max_lnes: unknown key (known here: max_line, max_lines)}.
 */
public final class TomlConfig {
    /** No configuration file may be larger than this. */
    public static final long MAX_FILE = 1 << 20;

    private static final TomlMapper TOML = TomlMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .withCoercionConfig(LogicalType.Textual, c -> c.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
            .build();

    private TomlConfig() {
    }

    /** Reads and maps a configuration file. */
    public static <T> T read(Path file, Class<T> shape) {
        String text;
        try {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("config " + file + " does not exist or is not a file");
            }
            if (Files.size(file) > MAX_FILE) {
                throw new IllegalArgumentException("config " + file + " is larger than " + MAX_FILE + " bytes");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read config " + file + ": " + firstLine(e.getMessage()), e);
        }
        return parse(text, file.toString(), shape);
    }

    /** Maps configuration text; {@code source} names it in messages. */
    public static <T> T parse(String text, String source, Class<T> shape) {
        try {
            T r = TOML.readValue(text, shape);
            if (r == null) {
                throw new IllegalArgumentException("config " + source + " is empty");
            }
            return r;
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException("config " + source + ": " + path(e) + ": unknown key (known here: "
                    + String.join(", ", e.getKnownPropertyIds().stream().map(Object::toString).sorted().toList()) + ")", e);
        } catch (MismatchedInputException e) {
            String type = e.getTargetType() == null ? "another type" : typeName(e.getTargetType());
            throw new IllegalArgumentException("config " + source + ": " + path(e) + ": wrong type (expected " + type + ")", e);
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException("config " + source + ": " + path(e) + ": " + firstLine(e.getOriginalMessage()), e);
        } catch (JacksonException e) {
            JsonLocation loc = e.getLocation();
            String where = loc == null || loc.getLineNr() < 1 ? "" : " (line " + loc.getLineNr() + ")";
            throw new IllegalArgumentException("config " + source + ": not valid TOML" + where + ": " + firstLine(e.getOriginalMessage()), e);
        }
    }

    private static String typeName(Class<?> c) {
        if (c == Integer.class || c == int.class || c == Long.class || c == long.class) {
            return "an integer";
        }
        if (c == String.class) {
            return "a string";
        }
        if (c == Boolean.class || c == boolean.class) {
            return "a boolean";
        }
        if (Collection.class.isAssignableFrom(c) || c.isArray()) {
            return "an array";
        }
        if (Map.class.isAssignableFrom(c) || !c.getName().startsWith("java.")) {
            return "a table";
        }
        return c.getSimpleName();
    }

    /** The key as written in the file: {@code se[1].seid}, {@code users."CN with spaces"}. */
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

    /** {@code v}, or {@code dflt} when absent, checked to lie in min..max. */
    public static long range(String name, Long v, long dflt, long min, long max) {
        long x = v == null ? dflt : v;
        if (x < min || x > max) {
            throw new IllegalArgumentException(name + " = " + x + " is outside " + min + ".." + max);
        }
        return x;
    }

    public static int range(String name, Integer v, int dflt, int min, int max) {
        return (int) range(name, v == null ? null : (long) v, (long) dflt, min, max);
    }
}
