package org.secfunet.card.store;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.Arrays;

/**
 * One PIN as a card keeps it (user PIN, PIN1, PUK...): its salted hash ({@link PinHash}, the PIN
 * itself is never kept), its try counter and whether verification is required. Every card image
 * holds its PINs as these; the PIN commands count a try here, on disk, before comparing.
 * Field names are the store keys ("salt", "hash"...; the TOML stores prefix them, "pin-salt").
 */
@JsonIgnoreProperties(ignoreUnknown = false)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"enabled", "salt", "hash", "max-tries", "tries-left"})
public final class PinCounter implements Cloneable {
    /** Largest try counter a store may hold (it is shown in one hex digit, as in 63Cx). */
    public static final int MAX_TRIES = 15;

    @JsonProperty("salt")
    public String salt;
    @JsonProperty("hash")
    public String hash;
    @JsonProperty("max-tries")
    public int maxTries;
    @JsonProperty("tries-left")
    public int triesLeft;
    /** Whether verification is required; null on a card that cannot disable it (always required). */
    @JsonProperty("enabled")
    public Boolean enabled;

    public PinCounter() {
    }

    /** A PIN with {@code maxTries} tries and no value yet. */
    public PinCounter(int maxTries) {
        this.maxTries = maxTries;
        this.triesLeft = maxTries;
    }

    /** A new PIN {@code pin} with all its tries; the caller's array is left as it is. */
    public static PinCounter of(char[] pin, int maxTries) {
        PinCounter p = new PinCounter(maxTries);
        PinHash.Stored s = PinHash.store(pin);
        p.salt = s.salt();
        p.hash = s.hash();
        return p;
    }

    /** Whether a value was set (a SIM personalised without a PUK has none). */
    @JsonIgnore
    public boolean isSet() {
        return hash != null;
    }

    @JsonIgnore
    public boolean isBlocked() {
        return triesLeft == 0;
    }

    /** Whether verification is required. */
    @JsonIgnore
    public boolean isEnabled() {
        return enabled == null || enabled;
    }

    /** Whether {@code pin} (as an APDU carries it) matches, in constant time; false when no value is set. */
    public boolean matches(byte[] pin) {
        return isSet() && PinHash.matches(pin, salt, hash);
    }

    /** Sets a new value (fresh salt) and wipes {@code pin}. */
    public void set(byte[] pin) {
        PinHash.Stored s = PinHash.store(pin);
        salt = s.salt();
        hash = s.hash();
        Arrays.fill(pin, (byte) 0);
    }

    /** Whether the counters are in range and salt and hash are both there or both absent. */
    @JsonIgnore
    public boolean isConsistent() {
        return maxTries >= 1 && maxTries <= MAX_TRIES && triesLeft >= 0 && triesLeft <= maxTries && (salt == null) == (hash == null);
    }

    /** A copy (every field is a value: a field-for-field clone is a deep copy). */
    public PinCounter copy() {
        try {
            return (PinCounter) clone();
        } catch (CloneNotSupportedException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    public String toString() {
        return "PinCounter[" + triesLeft + "/" + maxTries + " tries]";
    }
}
