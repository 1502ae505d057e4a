package dev.leaklab.report;

/**
 * JSON inlined in an HTML page's {@code <script type="application/json">}, made safe for that
 * place and still JSON: every {@code <}, {@code >} and {@code &} becomes {@code \u003c},
 * {@code \u003e}, {@code \u0026}, and U+2028/U+2029 become {@code \u2028}/{@code \u2029}. A frame
 * or scenario name holding {@code </script>} or {@code <!--} then cannot end the element early or
 * switch the HTML parser into its "script data escaped" state, where {@code </script>} no longer
 * ends it (which is how {@code <!--} in a name blanked the charts). In JSON these characters only
 * occur inside strings, where the escapes mean the same characters. Every HTML page inlines its
 * data through here.
 */
final class ScriptData {

    private ScriptData() {
    }

    static String json(String json) {
        var b = new StringBuilder(json.length() + 16);
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            switch (c) {
                case '<' -> b.append("\\u003c");
                case '>' -> b.append("\\u003e");
                case '&' -> b.append("\\u0026");
                case '\u2028' -> b.append("\\u2028");
                case '\u2029' -> b.append("\\u2029");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /**
     * Our own bundled scripts (uPlot, report.js), inlined: they hold no input, but a {@code </} in
     * one of their strings would still end the element; {@code <\/} means the same in a JavaScript
     * string.
     */
    static String script(String js) {
        return js.replace("</", "<\\/").replace("<!--", "<\\!--");
    }
}
