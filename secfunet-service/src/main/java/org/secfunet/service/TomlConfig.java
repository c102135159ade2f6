package org.secfunet.service;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * How a service reads its TOML configuration: a size cap, unknown keys refused, and every mistake
 * as one line naming the file, the key and where it is ({@link IllegalArgumentException}).
 */
public final class TomlConfig {
    /** No configuration file may be larger than this. */
    public static final long MAX_FILE = 1 << 20;

    private TomlConfig() {
    }

    public static <T> T read(Path file, Class<T> shape) {
        try {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("config " + file + " does not exist or is not a file");
            }
            if (Files.size(file) > MAX_FILE) {
                throw new IllegalArgumentException("config " + file + " is larger than " + MAX_FILE + " bytes");
            }
            TomlMapper m = TomlMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                    .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES).build();
            return m.readValue(Files.readString(file), shape);
        } catch (UnrecognizedPropertyException e) {
            throw new IllegalArgumentException("config " + file + ": unknown key '" + e.getPropertyName() + "'" + at(e));
        } catch (JsonMappingException e) {
            throw new IllegalArgumentException("config " + file + ": " + e.getOriginalMessage().lines().findFirst().orElse("invalid") + at(e));
        } catch (IOException e) {
            throw new IllegalArgumentException("config " + file + ": " + String.valueOf(e.getMessage()).lines().findFirst().orElse("unreadable"));
        }
    }

    private static String at(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.isEmpty() ? "" : " (at " + sb + ")";
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
