package dev.leaklab.internal.io;

import java.io.FilterWriter;
import java.io.IOException;
import java.io.Writer;

/**
 * Text from the outside (thread names, frames, container names, scenario and benchmark names) made
 * safe to print: a thread may be named {@code "\e]0;pwned\a"} to rewrite the terminal of whoever
 * reads its dump, or {@code "x\n#1 \"fake\""} to forge a line. Control characters and the Unicode
 * bidirectional overrides are written as escapes ({@code \e}, {@code \n}, {@code \x00},
 * {@code \u009b}, {@code \u202e}); everything else, backslashes included, is left as it is.
 */
public final class Printable {

    private Printable() {
    }

    /** {@code text} with every unsafe character escaped, line breaks and tabs included; null stays null. */
    public static String escape(String text) {
        if (text == null) {
            return null;
        }
        int i = 0;
        while (i < text.length() && !unsafe(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text; // the usual case: no copy
        }
        var sb = new StringBuilder(text.length() + 8).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (unsafe(c)) {
                appendEscape(sb, c);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** Control characters (C0, DEL, C1) and the bidi embeddings, overrides and isolates. */
    public static boolean unsafe(char c) {
        return Character.isISOControl(c) || (c >= '\u202a' && c <= '\u202e') || (c >= '\u2066' && c <= '\u2069')
                || c == '\u2028' || c == '\u2029' || c == '\u200e' || c == '\u200f' || c == '\u061c';
    }

    private static void appendEscape(StringBuilder sb, char c) {
        switch (c) {
            case '\n' -> sb.append("\\n");
            case '\r' -> sb.append("\\r");
            case '\t' -> sb.append("\\t");
            case '\u001b' -> sb.append("\\e");
            // \\u for the rest: inside a JSON string that is the same character, so JSON stays valid
            default -> sb.append(c < 0x20 ? String.format("\\x%02x", (int) c) : String.format("\\u%04x", (int) c));
        }
    }

    /**
     * A writer for a whole text output that escapes unsafe characters except its own line breaks
     * and tabs: the last guard for anything printed without {@link #escape}. JSON stays valid and
     * means the same: its writer escapes C0 inside strings itself, and what it leaves (DEL, C1, bidi)
     * becomes a JSON {@code \\u} escape.
     */
    public static Writer filter(Writer out) {
        return new FilterWriter(out) {
            @Override
            public void write(int c) throws IOException {
                char ch = (char) c;
                if (ch != '\n' && ch != '\t' && unsafe(ch)) {
                    out.write(escape(String.valueOf(ch)));
                } else {
                    out.write(c);
                }
            }

            @Override
            public void write(char[] buf, int off, int len) throws IOException {
                int start = off;
                for (int i = off; i < off + len; i++) {
                    char ch = buf[i];
                    if (ch != '\n' && ch != '\t' && unsafe(ch)) {
                        out.write(buf, start, i - start);
                        out.write(escape(String.valueOf(ch)));
                        start = i + 1;
                    }
                }
                out.write(buf, start, off + len - start);
            }

            @Override
            public void write(String str, int off, int len) throws IOException {
                write(str.toCharArray(), off, len);
            }
        };
    }
}
