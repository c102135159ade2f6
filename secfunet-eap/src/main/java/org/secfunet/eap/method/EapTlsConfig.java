package org.secfunet.eap.method;

/**
 * EAP-TLS framing choices.
 *
 * @param fragmentSize   TLS bytes per EAP-TLS fragment (hostapd uses 1398, FreeRADIUS 1024)
 * @param reassemblyCap  largest TLS message accepted from the other side, in bytes
 */
public record EapTlsConfig(int fragmentSize, int reassemblyCap) {
    public static final EapTlsConfig DEFAULT = new EapTlsConfig(1024, 64 * 1024);

    public EapTlsConfig {
        if (fragmentSize < 16 || fragmentSize > 65000) {
            throw new IllegalArgumentException("EAP-TLS fragment size must be 16..65000, got " + fragmentSize);
        }
        if (reassemblyCap < 1024 || reassemblyCap > 16 * 1024 * 1024) {
            throw new IllegalArgumentException("EAP-TLS reassembly cap must be 1 KiB..16 MiB, got " + reassemblyCap);
        }
    }
}
