package org.secfunet.card.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The TOML form of a card image (test card, SIM/USIM): a comment line, then the image's keys,
 * each PIN's fields flat under its name ({@code pin-salt}, {@code puk-tries-left}) while the image
 * holds them as one {@link PinCounter} property of that name ("pin", "puk").
 */
public final class TomlImage {
    private static final TomlMapper TOML = new TomlMapper();

    private TomlImage() {
    }

    /** The image in {@code toml}; Jackson's exceptions say what is wrong. */
    public static <T> T read(byte[] toml, Class<T> type, String... pins) throws IOException {
        JsonNode tree = TOML.readTree(toml);
        if (!(tree instanceof ObjectNode flat)) {
            return TOML.treeToValue(tree, type);
        }
        return TOML.treeToValue(nest(flat, pins), type);
    }

    /** {@code header} (a comment line, with its newline) and the image's keys. */
    public static byte[] write(String header, Object image, String... pins) {
        try {
            ObjectNode nested = TOML.valueToTree(image);
            return (header + TOML.writeValueAsString(flatten(nested, pins))).getBytes(StandardCharsets.UTF_8);
        } catch (IOException | IllegalArgumentException e) {
            throw new CardStoreException("cannot render card store: " + e.getMessage(), e);
        }
    }

    /** "pin-salt" and the like moved into a "pin" object where the first of them was. */
    static ObjectNode nest(ObjectNode flat, String... pins) {
        ObjectNode out = TOML.createObjectNode();
        for (Map.Entry<String, JsonNode> e : flat.properties()) {
            String pin = pinOf(e.getKey(), pins);
            if (pin == null) {
                out.set(e.getKey(), e.getValue());
            } else {
                JsonNode into = out.get(pin);
                ObjectNode group = into instanceof ObjectNode o ? o : out.putObject(pin);
                group.set(e.getKey().substring(pin.length() + 1), e.getValue());
            }
        }
        return out;
    }

    /** The inverse of {@link #nest}. */
    static ObjectNode flatten(ObjectNode nested, String... pins) {
        ObjectNode out = TOML.createObjectNode();
        for (Map.Entry<String, JsonNode> e : nested.properties()) {
            if (e.getValue() instanceof ObjectNode group && pinOf(e.getKey() + "-", pins) != null) {
                group.properties().forEach(f -> out.set(e.getKey() + "-" + f.getKey(), f.getValue()));
            } else {
                out.set(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    private static String pinOf(String key, String... pins) {
        for (String p : pins) {
            if (key.startsWith(p + "-")) {
                return p;
            }
        }
        return null;
    }
}
