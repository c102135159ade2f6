package org.secfunet.service;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * The little of HTTP/1.1 (RFC 9112) the metrics endpoint needs: one request head read under a
 * size cap, and one response with Content-Length and {@code Connection: close}.
 */
final class MetricsHttp {
    /** Longest request head (request line and header fields) accepted. */
    static final int MAX_HEAD_BYTES = 8192;
    private static final String CRLF = "\r\n";

    /** A request's method, target and Authorization field (null when absent). */
    record Request(String method, String target, String authorization) {
    }

    /** The request head was malformed or longer than {@link #MAX_HEAD_BYTES}. */
    static final class BadRequest extends IOException {
        BadRequest(String why) {
            super(why);
        }
    }

    private MetricsHttp() {
    }

    /** Reads one request head; null when the client closed before sending anything. */
    static Request read(InputStream in) throws IOException {
        int[] used = {0};
        String requestLine = line(in, used, true);
        if (requestLine == null) {
            return null;
        }
        String[] parts = requestLine.split(" ", -1);
        if (parts.length != 3 || !parts[2].startsWith("HTTP/1.")) {
            throw new BadRequest("not an HTTP/1.x request line");
        }
        String authorization = null;
        for (String field; !(field = line(in, used, false)).isEmpty(); ) {
            int colon = field.indexOf(':');
            if (colon > 0 && field.substring(0, colon).toLowerCase(Locale.ROOT).equals("authorization")) {
                authorization = field.substring(colon + 1).strip();
            }
        }
        return new Request(parts[0], parts[1], authorization);
    }

    /** The status line, headers and body (none for HEAD) of a response that closes the connection. */
    static byte[] response(int status, String contentType, byte[] body, boolean head) {
        StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append(CRLF);
        if (contentType != null) {
            sb.append("Content-Type: ").append(contentType).append(CRLF);
        }
        sb.append("Content-Length: ").append(body.length).append(CRLF).append("Connection: close").append(CRLF).append(CRLF);
        byte[] h = sb.toString().getBytes(StandardCharsets.US_ASCII);
        if (head) {
            return h;
        }
        byte[] out = java.util.Arrays.copyOf(h, h.length + body.length);
        System.arraycopy(body, 0, out, h.length, body.length);
        return out;
    }

    private static String reason(int status) {
        return switch (status) {
            case 200 -> "OK";
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            default -> "Status";
        };
    }

    /** One line without its CRLF (a bare LF ends it too); {@code used} counts the head's bytes. */
    private static String line(InputStream in, int[] used, boolean first) throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (first && sb.isEmpty()) {
                    return null;
                }
                throw new BadRequest("the request head ends early");
            }
            if (++used[0] > MAX_HEAD_BYTES) {
                throw new BadRequest("the request head is longer than " + MAX_HEAD_BYTES + " bytes");
            }
            if (b == '\n') {
                int n = sb.length();
                return n > 0 && sb.charAt(n - 1) == '\r' ? sb.substring(0, n - 1) : sb.toString();
            }
            sb.append((char) b);
        }
    }
}
