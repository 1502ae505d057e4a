package dev.leaklab.internal.dump;

import java.util.List;

/** Small rules about frames and names shared by the dump tools. */
public final class Frames {


    private Frames() {
    }

    /**
     * Whether a frame, written as {@link StackTraceElement#toString()} does, is the JDK's: its
     * module is {@code java.*} or {@code jdk.*} ({@code java.base/java.lang.Thread.run(Thread.java:1474)}).
     * Classes on the class path print no module, so application frames never match.
     */
    public static boolean isJdk(String frame) {
        int slash = frame.indexOf('/');
        int paren = frame.indexOf('(');
        if (slash < 0 || (paren >= 0 && slash > paren)) {
            return false;
        }
        return isJdkModule(frame.substring(0, slash));
    }

    /** {@code java.base}, {@code jdk.httpserver}, ...; a version suffix ({@code @25}) is ignored. */
    public static boolean isJdkModule(String module) {
        return module != null && (module.startsWith("java.") || module.startsWith("jdk."));
    }

    /** The first non-JDK frame from the bottom: where the thread's task begins. Null if there is none. */
    public static String taskEntry(List<String> stack) {
        for (int i = stack.size() - 1; i >= 0; i--) {
            // JDK 17 shows a lambda's generated class (Foo$$Lambda$12/0x...run, no source): the lambda's body is the next frame
            if (!isJdk(stack.get(i)) && !stack.get(i).contains("$$Lambda")) {
                return stack.get(i);
            }
        }
        return null;
    }

    /** The first non-JDK frame from the top: the application code the thread is in. Null if there is none. */
    public static String topApplicationFrame(List<String> stack) {
        for (String f : stack) {
            if (!isJdk(f)) {
                return f;
            }
        }
        return null;
    }

    /**
     * {@code java.util.concurrent.ThreadPoolExecutor@65969e5d} → {@code java.util.concurrent.ThreadPoolExecutor};
     * the address a text dump gives instead ({@code ...ConditionObject@0x000000069e55f798}) goes too.
     */
    public static String withoutIdentityHash(String object) {
        int at = object.lastIndexOf('@');
        int digits = object.startsWith("0x", at + 1) ? at + 3 : at + 1;
        if (at < 0 || digits >= object.length()) {
            return object;
        }
        for (int i = digits; i < object.length(); i++) {
            char c = object.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return object;
            }
        }
        return object.substring(0, at);
    }

    /** {@code leaklab-send-without-receiver-17} → {@code leaklab-send-without-receiver-N}; empty → {@code ""}. */
    public static String namePattern(String name) {
        if (name.isEmpty()) {
            return "\"\"";
        }
        var sb = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!isDigit(c)) {
                sb.append(c);
            } else if (i == 0 || !isDigit(name.charAt(i - 1))) {
                sb.append('N'); // a run of digits becomes one N
            }
        }
        return sb.toString();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
