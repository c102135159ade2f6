package org.secfunet.card.sim;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** What a SIM/USIM card keeps between sessions; field names are the TOML keys of the store file. */
@JsonIgnoreProperties(ignoreUnknown = false)
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public final class SimImage {
    @JsonProperty("format")
    public int format = 1;
    @JsonProperty("label")
    public String label;
    /** "usim" (absent: the same) or "sim": a GSM-only SIM that refuses class 00. */
    @JsonProperty("type")
    public String type;
    @JsonProperty("atr")
    public String atr;
    @JsonProperty("imsi")
    public String imsi;
    @JsonProperty("iccid")
    public String iccid;
    @JsonProperty("k")
    public String k;
    @JsonProperty("opc")
    public String opc;
    @JsonProperty("amf")
    public String amf;
    @JsonProperty("sqn-ms")
    public String sqnMs;
    /** SEQ_MS(0..31) of TS 33.102 Annex C.3.2; absent in stores written before it (every element then SEQ of sqn-ms). */
    @JsonProperty("seq-array")
    public java.util.List<Long> seqArray;
    @JsonProperty("mnc-length")
    public int mncLength = 2;
    @JsonProperty("pin-enabled")
    public boolean pinEnabled = true;
    @JsonProperty("pin-salt")
    public String pinSalt;
    @JsonProperty("pin-hash")
    public String pinHash;
    @JsonProperty("pin-max-tries")
    public int pinMaxTries = 3;
    @JsonProperty("pin-tries-left")
    public int pinTriesLeft = 3;
    /** PUK1 (unblocks PIN1); absent in a card personalised without one, whose blocked PIN stays blocked. */
    @JsonProperty("puk-salt")
    public String pukSalt;
    @JsonProperty("puk-hash")
    public String pukHash;
    @JsonProperty("puk-max-tries")
    public int pukMaxTries = 10;
    @JsonProperty("puk-tries-left")
    public int pukTriesLeft = 10;

    public boolean gsmOnly() {
        return "sim".equals(type);
    }

    public boolean hasPuk() {
        return pukHash != null;
    }

    public SimImage copy() {
        SimImage c = new SimImage();
        c.format = format;
        c.label = label;
        c.type = type;
        c.atr = atr;
        c.imsi = imsi;
        c.iccid = iccid;
        c.k = k;
        c.opc = opc;
        c.amf = amf;
        c.sqnMs = sqnMs;
        c.seqArray = seqArray == null ? null : new java.util.ArrayList<>(seqArray);
        c.mncLength = mncLength;
        c.pinEnabled = pinEnabled;
        c.pinSalt = pinSalt;
        c.pinHash = pinHash;
        c.pinMaxTries = pinMaxTries;
        c.pinTriesLeft = pinTriesLeft;
        c.pukSalt = pukSalt;
        c.pukHash = pukHash;
        c.pukMaxTries = pukMaxTries;
        c.pukTriesLeft = pukTriesLeft;
        return c;
    }
}
