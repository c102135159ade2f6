package org.secfunet.tls;

/** IANA names of the AEAD suites the card negotiates. */
public final class SuiteNames {
    private SuiteNames() {
    }

    public static String name(int suite) {
        return switch (suite) {
            case 0x1301 -> "TLS_AES_128_GCM_SHA256";
            case 0x1302 -> "TLS_AES_256_GCM_SHA384";
            case 0x1303 -> "TLS_CHACHA20_POLY1305_SHA256";
            case 0xC02B -> "ECDHE-ECDSA-AES128-GCM-SHA256";
            case 0xC02C -> "ECDHE-ECDSA-AES256-GCM-SHA384";
            case 0xCCA9 -> "ECDHE-ECDSA-CHACHA20-POLY1305";
            case 0xC02F -> "ECDHE-RSA-AES128-GCM-SHA256";
            case 0xC030 -> "ECDHE-RSA-AES256-GCM-SHA384";
            case 0xCCA8 -> "ECDHE-RSA-CHACHA20-POLY1305";
            default -> String.format("0x%04X", suite);
        };
    }

    /** The IANA name the card understands for an OpenSSL-style TLS 1.2 name, or the name itself. */
    public static String iana(String name) {
        return switch (name) {
            case "ECDHE-ECDSA-AES128-GCM-SHA256" -> "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256";
            case "ECDHE-ECDSA-AES256-GCM-SHA384" -> "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384";
            case "ECDHE-ECDSA-CHACHA20-POLY1305" -> "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256";
            case "ECDHE-RSA-AES128-GCM-SHA256" -> "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256";
            case "ECDHE-RSA-AES256-GCM-SHA384" -> "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384";
            case "ECDHE-RSA-CHACHA20-POLY1305" -> "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256";
            default -> name;
        };
    }
}
