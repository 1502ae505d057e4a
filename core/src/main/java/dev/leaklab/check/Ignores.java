package dev.leaklab.check;

import java.util.List;
import java.util.regex.Pattern;

import dev.leaklab.internal.dump.Frames;

/** The ignore options applied to one leaked thread. */
final class Ignores {

    private Ignores() {
    }

    static boolean ignored(LeakedThread leak, ThreadLeaks.Options o) {
        for (String regex : o.ignoreNames()) {
            if (Pattern.matches(regex, leak.name())) {
                return true;
            }
        }
        if (!o.ignoreTopFrames().isEmpty() && !leak.stack().isEmpty()) {
            String top = leak.stack().get(0);
            String app = Frames.topApplicationFrame(leak.stack());
            for (String prefix : o.ignoreTopFrames()) {
                if (method(top).startsWith(prefix) || app != null && method(app).startsWith(prefix)) {
                    return true;
                }
            }
        }
        if (!o.ignoreSites().isEmpty()) {
            List<StackTraceElement> site = leak.creationStack();
            for (String prefix : o.ignoreSites()) {
                if (site.isEmpty()) {
                    // Without the agent the thread's own stack stands in: its task began in the creating code.
                    for (String f : leak.stack()) {
                        if (method(f).startsWith(prefix)) {
                            return true;
                        }
                    }
                } else {
                    for (StackTraceElement f : site) {
                        if ((f.getClassName() + "." + f.getMethodName()).startsWith(prefix)) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    /** {@code java.base/java.lang.Thread.run(Thread.java:1474)} → {@code java.lang.Thread.run}. */
    static String method(String frame) {
        int paren = frame.indexOf('(');
        String s = paren < 0 ? frame : frame.substring(0, paren);
        int slash = s.lastIndexOf('/');
        return slash < 0 ? s : s.substring(slash + 1);
    }
}
