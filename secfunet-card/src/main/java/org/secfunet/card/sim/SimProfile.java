package org.secfunet.card.sim;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.secfunet.apdu.Hex;

/**
 * What a SIM/USIM card is personalised with. Read from a TOML file (see docs/sim.md):
 *
 * <pre>
 * imsi = "001010123456789"             # 6..15 digits
 * iccid = "8988211000000000001"        # up to 20 digits (default: 89 + IMSI digits)
 * k = "465b5ce8b199b49faa5f0a2ee238a6bc"
 * opc = "cd63cb71954a9f4e48a5994e37a02baf"   # or op = "..." (OPc is derived)
 * sqn = "000000000000"                 # SQN_MS, the highest SQN already accepted (default 0)
 * amf = "8000"                         # for the network side (default 8000); the card uses AUTN's
 * mnc-length = 2                       # 2 or 3 (EF_AD)
 * pin = "1234"                         # PIN1, 4..8 digits
 * pin-enabled = true                   # false: no PIN needed for authentication
 * puk = "12345678"                     # PUK1, 8 digits (optional: without it a blocked PIN stays blocked)
 * label = "secfunet USIM"
 * type = "usim"                        # or "sim": a GSM-only SIM (GSM 11.11, class A0; class 00 refused)
 * </pre>
 */
public record SimProfile(String label, String imsi, String iccid, byte[] k, byte[] opc, byte[] amf, byte[] sqn,
        int mncLength, String pin, boolean pinEnabled, String puk, String type) {

    public SimProfile {
        if (label == null || label.isBlank()) {
            label = "secfunet USIM";
        }
        requireDigits("imsi", imsi, 6, 15);
        if (iccid == null) {
            iccid = ("89" + imsi).substring(0, Math.min(20, imsi.length() + 2));
        }
        requireDigits("iccid", iccid, 1, 20);
        requireLength("k", k, 16);
        requireLength("opc", opc, 16);
        amf = amf == null ? new byte[] {(byte) 0x80, 0} : amf;
        requireLength("amf", amf, 2);
        sqn = sqn == null ? new byte[6] : sqn;
        requireLength("sqn", sqn, 6);
        if (mncLength != 2 && mncLength != 3) {
            throw new IllegalArgumentException("mnc-length must be 2 or 3");
        }
        requireDigits("pin", pin, 4, 8);
        if (puk != null) {
            requireDigits("puk", puk, 8, 8);
        }
        type = type == null ? "usim" : type;
        if (!type.equals("usim") && !type.equals("sim")) {
            throw new IllegalArgumentException("type must be \"usim\" (a UICC with a USIM) or \"sim\" (a GSM-only SIM)");
        }
        k = k.clone();
        opc = opc.clone();
        amf = amf.clone();
        sqn = sqn.clone();
    }

    @Override
    public String toString() {
        return "SimProfile[" + label + ", " + type + ", IMSI " + imsi + "]"; // K, OPc, PIN and PUK stay out of logs
    }

    @Override
    public byte[] k() {
        return k.clone();
    }

    @Override
    public byte[] opc() {
        return opc.clone();
    }

    @Override
    public byte[] amf() {
        return amf.clone();
    }

    @Override
    public byte[] sqn() {
        return sqn.clone();
    }

    /** Reads a profile file; messages name the file and the key that is wrong. */
    public static SimProfile load(Path file) {
        try {
            return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read SIM profile " + file + ": " + e.getMessage(), e);
        }
    }

    /** Parses profile TOML text; {@code source} names it in messages. */
    public static SimProfile parse(String toml, String source) {
        ProfileFile f;
        try {
            f = new TomlMapper().readValue(toml, ProfileFile.class);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("SIM profile " + source + " is not valid: " + e.getOriginalMessage(), e);
        }
        try {
            if (f.k == null) {
                throw new IllegalArgumentException("k is required");
            }
            if ((f.opc == null) == (f.op == null)) {
                throw new IllegalArgumentException("exactly one of opc and op is required");
            }
            byte[] k = hex("k", f.k);
            byte[] opc = f.opc != null ? hex("opc", f.opc) : Milenage.opc(k, hex("op", f.op));
            return new SimProfile(f.label, f.imsi, f.iccid, k, opc, f.amf == null ? null : hex("amf", f.amf),
                    f.sqn == null ? null : hex("sqn", f.sqn), f.mncLength == null ? 2 : f.mncLength, f.pin,
                    f.pinEnabled == null || f.pinEnabled, f.puk, f.type);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("SIM profile " + source + ": " + e.getMessage(), e);
        }
    }

    private static byte[] hex(String key, String value) {
        try {
            return Hex.decode(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + " is not hex: " + e.getMessage(), e);
        }
    }

    private static void requireDigits(String key, String value, int min, int max) {
        if (value == null || value.length() < min || value.length() > max || !value.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException(key + " must be " + min + " to " + max + " decimal digits");
        }
    }

    private static void requireLength(String key, byte[] value, int length) {
        if (value == null || value.length != length) {
            throw new IllegalArgumentException(key + " must be " + length + " bytes (" + 2 * length + " hex digits)");
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = false)
    static final class ProfileFile {
        @JsonProperty("label")
        public String label;
        @JsonProperty("imsi")
        public String imsi;
        @JsonProperty("iccid")
        public String iccid;
        @JsonProperty("k")
        public String k;
        @JsonProperty("opc")
        public String opc;
        @JsonProperty("op")
        public String op;
        @JsonProperty("amf")
        public String amf;
        @JsonProperty("sqn")
        public String sqn;
        @JsonProperty("mnc-length")
        public Integer mncLength;
        @JsonProperty("pin")
        public String pin;
        @JsonProperty("pin-enabled")
        public Boolean pinEnabled;
        @JsonProperty("puk")
        public String puk;
        @JsonProperty("type")
        public String type;
    }
}
