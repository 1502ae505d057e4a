package dev.leaklab.endpoint;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Set;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;

import com.sun.net.httpserver.Headers;

/**
 * Who may ask: what a web page in the developer's browser could send is refused (a foreign
 * {@code Host}, which is how DNS rebinding reaches a loopback port; a foreign {@code Origin};
 * {@code Sec-Fetch-Site} other than {@code same-origin} or {@code none}), and with a token every
 * request must carry {@code Authorization: Bearer TOKEN}, compared in constant time.
 */
final class RequestGuard {

    /** SHA-256 of the token: equal lengths, so the constant-time compare does not leak the token's length. */
    private final byte[] token;
    /** Host names accepted besides the loopback ones; lower case. */
    private final Set<String> hostNames;
    private final IntSupplier port;

    RequestGuard(String token, Set<String> hostNames, IntSupplier port) {
        this.token = token == null ? null : sha256(token);
        this.hostNames = hostNames.stream().map(h -> h.toLowerCase(Locale.ROOT)).collect(Collectors.toUnmodifiableSet());
        this.port = port;
    }

    boolean needsToken() {
        return token != null;
    }

    /**
     * Why a request that a web page could have sent is refused, or null. A page can point a name
     * it controls at 127.0.0.1 (DNS rebinding) but cannot change the Host header; a browser marks
     * its cross-origin requests with Origin or Sec-Fetch-Site.
     */
    String refused(Headers headers) {
        String host = headers.getFirst("Host");
        if (token == null && host != null && !hostAllowed(hostName(host))) {
            return "refused: Host " + printable(host) + " is not a loopback name; use http://127.0.0.1:"
                    + port.getAsInt() + "/debug/";
        }
        String origin = headers.getFirst("Origin");
        if (origin != null && !ownOrigin(origin)) {
            return "refused: a cross-origin request (Origin " + printable(origin) + ")";
        }
        String site = headers.getFirst("Sec-Fetch-Site");
        if (site != null && !site.equalsIgnoreCase("same-origin") && !site.equalsIgnoreCase("none")) {
            return "refused: a cross-site request from a browser (Sec-Fetch-Site " + printable(site) + ")";
        }
        return null;
    }

    /** {@code Authorization: Bearer TOKEN}; the scheme's case does not matter (RFC 7235). */
    boolean authorized(Headers headers) {
        String given = headers.getFirst("Authorization");
        if (given == null) {
            return false;
        }
        String[] parts = given.strip().split("[ \t]+", 2);
        return parts.length == 2 && parts[0].equalsIgnoreCase("Bearer") && MessageDigest.isEqual(token, sha256(parts[1]));
    }

    /**
     * The host part of a Host header or URI authority: {@code [::1]:6060} → {@code [::1]}. Anything
     * after the name but a port is kept, so that such a value matches no allowed name.
     */
    static String hostName(String host) {
        String h = host.strip().toLowerCase(Locale.ROOT);
        int end = h.startsWith("[") ? h.indexOf(']') + 1 : h.indexOf(':');
        if (end <= 0 || end == h.length()) {
            return h;
        }
        return h.substring(end).matches(":\\d{1,5}") ? h.substring(0, end) : h;
    }

    /** Loopback names only, by their text: looking a name up would ask DNS, which is what a rebinding attack controls. */
    private boolean hostAllowed(String name) {
        return name.equals("localhost") || name.equals("[::1]") || hostNames.contains(name)
                || name.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
    }

    private boolean ownOrigin(String origin) {
        try {
            var uri = new URI(origin.strip());
            return ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()))
                    && uri.getRawAuthority() != null && hostAllowed(hostName(uri.getRawAuthority()))
                    && uri.getPort() == port.getAsInt();
        } catch (URISyntaxException e) {
            return false; // includes "null", sent by sandboxed pages and file: URLs
        }
    }

    /** Header text quoted back to the client: no control characters, bounded length. */
    private static String printable(String text) {
        String t = text.replaceAll("\\p{Cntrl}", "?");
        return t.length() > 100 ? t.substring(0, 100) + "..." : t;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
