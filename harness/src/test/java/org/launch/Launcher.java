package org.launch;

import java.util.Arrays;

/**
 * A launcher main class, as Spring Boot's JarLauncher is one: it sets things up, then calls the
 * application's main reflectively. {@code Launcher com.acme.Main args...}.
 */
public final class Launcher {
    public static void main(String[] args) throws Exception {
        Class<?> main = Class.forName(args[0], true, Launcher.class.getClassLoader());
        main.getMethod("main", String[].class).invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
    }
}
