package org.secfunet.coord;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The JSON of the grid's znodes, with the {@link Znodes#MAX_PAYLOAD} cap both ways: a payload
 * larger than the cap is neither written nor parsed. Unknown fields are ignored on reading, so a
 * newer writer's extra fields do not break an older reader.
 */
final class ZnodeJson {
    private static final ObjectMapper JSON = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).maxStringLength(Znodes.MAX_PAYLOAD).build())
                    .build())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .build();

    private ZnodeJson() {
    }

    /** The payload of {@code value} for {@code path}; refused when larger than the cap. */
    static byte[] write(String path, Object value) {
        byte[] b;
        try {
            b = JSON.writeValueAsBytes(value);
        } catch (JacksonException e) {
            throw new CoordinationException("cannot encode the znode " + path + ": " + e.getOriginalMessage());
        }
        return capped(path, b);
    }

    /** {@code b} if within the cap, else a one-line refusal naming the znode. */
    static byte[] capped(String path, byte[] b) {
        if (b.length > Znodes.MAX_PAYLOAD) {
            throw new CoordinationException("the znode " + path + " would hold " + b.length + " bytes, more than the "
                    + Znodes.MAX_PAYLOAD + "-byte cap: give it less data");
        }
        return b;
    }

    /** The value a znode's payload holds; refused when larger than the cap or not the expected JSON. */
    static <T> T read(String path, byte[] b, Class<T> type) {
        if (b == null) {
            throw new CoordinationException("the znode " + path + " holds no data (not written by the grid?)");
        }
        if (b.length > Znodes.MAX_PAYLOAD) {
            throw new CoordinationException("the znode " + path + " holds " + b.length + " bytes, more than the "
                    + Znodes.MAX_PAYLOAD + "-byte cap: refused (not written by the grid?)");
        }
        try {
            T v = JSON.readValue(b, type);
            if (v == null) {
                throw new CoordinationException("the znode " + path + " holds null, not a " + type.getSimpleName());
            }
            return v;
        } catch (java.io.IOException e) {
            String m = e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
            int nl = m == null ? -1 : m.indexOf('\n');
            throw new CoordinationException("the znode " + path + " does not hold a valid " + type.getSimpleName() + ": "
                    + (nl < 0 ? m : m.substring(0, nl)));
        }
    }
}
