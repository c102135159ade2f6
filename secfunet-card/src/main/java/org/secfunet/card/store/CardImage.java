package org.secfunet.card.store;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * What the test card keeps between sessions. Field names are the TOML keys; the PIN's are
 * {@code pin-salt}, {@code pin-hash}, {@code pin-max-tries} and {@code pin-tries-left} (see {@link TomlImage}).
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public final class CardImage implements PinImage {
    @JsonProperty("format")
    public int format = 1;
    @JsonProperty("label")
    public String label = "secfunet test card";
    @JsonProperty("atr")
    public String atr = "3B85018073000040 37".replace(" ", "");
    @JsonProperty("serial")
    public String serial;
    @JsonProperty("pin")
    public PinCounter pin;
    @JsonProperty("counter")
    public long counter;

    @Override
    public PinCounter pin() {
        return pin;
    }

    public CardImage copy() {
        CardImage c = new CardImage();
        c.format = format;
        c.label = label;
        c.atr = atr;
        c.serial = serial;
        c.pin = pin == null ? null : pin.copy();
        c.counter = counter;
        return c;
    }
}
