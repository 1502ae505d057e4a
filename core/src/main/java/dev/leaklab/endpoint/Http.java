package dev.leaklab.endpoint;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import com.sun.net.httpserver.HttpExchange;

/** The small HTTP vocabulary the pages share: answers, streamed bodies, query strings, 400s. */
final class Http {

    private Http() {
    }

    /** A response body, computed once and perhaps given to several requests (see {@link SharedAnswers}). */
    record Answer(String contentType, byte[] body) {
        static Answer text(String text) {
            return new Answer(Http.contentType("text"), text.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** A request that cannot mean anything: answered 400 with its message. */
    static final class BadRequest extends Exception {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }

    static String contentType(String format) {
        return format.equals("json") ? "application/json" : "text/plain; charset=utf-8";
    }

    static PrintWriter stream(HttpExchange x, String format) throws IOException {
        x.getResponseHeaders().set("Content-Type", contentType(format));
        x.sendResponseHeaders(200, 0); // chunked: the size is known only at the end
        return new PrintWriter(new OutputStreamWriter(x.getResponseBody(), StandardCharsets.UTF_8));
    }

    static void send(HttpExchange x, int status, String text) throws IOException {
        send(x, status, Answer.text(text));
    }

    static void send(HttpExchange x, int status, Answer answer) throws IOException {
        byte[] body = answer.body();
        x.getResponseHeaders().set("Content-Type", answer.contentType());
        x.sendResponseHeaders(status, body.length);
        try (OutputStream out = x.getResponseBody()) {
            out.write(body);
        }
    }

    static Map<String, String> query(URI uri) {
        var map = new HashMap<String, String>();
        String q = uri.getRawQuery();
        if (q != null) {
            for (String pair : q.split("&")) {
                int eq = pair.indexOf('=');
                map.put(eq < 0 ? pair : pair.substring(0, eq), eq < 0 ? "" : pair.substring(eq + 1));
            }
        }
        return map;
    }
}
