package org.secfunet.card.store;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What a software card keeps between sessions (the test card of this stage; the EAP-TLS card
 * adds its credentials and encryption at rest). Field names are the TOML keys.
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public final class CardImage {
    @JsonProperty("format")
    public int format = 1;
    @JsonProperty("label")
    public String label = "secfunet test card";
    @JsonProperty("atr")
    public String atr = "3B85018073000040 37".replace(" ", "");
    @JsonProperty("serial")
    public String serial;
    @JsonProperty("pin-salt")
    public String pinSalt;
    @JsonProperty("pin-hash")
    public String pinHash;
    @JsonProperty("pin-max-tries")
    public int pinMaxTries = 3;
    @JsonProperty("pin-tries-left")
    public int pinTriesLeft = 3;
    @JsonProperty("counter")
    public long counter;

    public CardImage copy() {
        CardImage c = new CardImage();
        c.format = format;
        c.label = label;
        c.atr = atr;
        c.serial = serial;
        c.pinSalt = pinSalt;
        c.pinHash = pinHash;
        c.pinMaxTries = pinMaxTries;
        c.pinTriesLeft = pinTriesLeft;
        c.counter = counter;
        return c;
    }
}
