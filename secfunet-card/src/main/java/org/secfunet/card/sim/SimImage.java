package org.secfunet.card.sim;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.secfunet.card.store.PinCounter;
import org.secfunet.card.store.PinImage;

/** What a SIM/USIM card keeps between sessions; field names are the TOML keys of the store file. */
@JsonIgnoreProperties(ignoreUnknown = false)
@com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
public final class SimImage implements PinImage {
    /** PIN1's and PUK1's tries. */
    public static final int PIN_TRIES = 3;
    public static final int PUK_TRIES = 10;

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
    /** PIN1: keys pin-enabled, pin-salt, pin-hash, pin-max-tries, pin-tries-left. */
    @JsonProperty("pin")
    public PinCounter pin;
    /** PUK1 (unblocks PIN1), keys puk-*; no salt and hash in a card personalised without one, whose blocked PIN stays blocked. */
    @JsonProperty("puk")
    public PinCounter puk = new PinCounter(PUK_TRIES);

    public boolean gsmOnly() {
        return "sim".equals(type);
    }

    public boolean hasPuk() {
        return puk.isSet();
    }

    @Override
    public PinCounter pin() {
        return pin;
    }

    @Override
    public PinCounter puk() {
        return puk;
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
        c.pin = pin == null ? null : pin.copy();
        c.puk = puk == null ? null : puk.copy();
        return c;
    }
}
