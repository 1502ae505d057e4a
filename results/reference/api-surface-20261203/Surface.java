// Used by run.sh beside it: the public surface of leaklab-core, -junit and -micrometer, counted from their classes.
import java.io.File;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.*;
import java.util.*;

/** Counts the public types and public methods of the classes in a folder: what an embedder can call. */
public class Surface {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        var urls = new ArrayList<URL>();
        urls.add(dir.toUri().toURL());
        for (int i = 1; i < args.length; i++) for (String e : args[i].split(File.pathSeparator)) urls.add(Path.of(e).toUri().toURL());
        var loader = new URLClassLoader(urls.toArray(URL[]::new), Surface.class.getClassLoader());
        int types = 0, methods = 0;
        var names = new TreeSet<String>();
        try (var files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                String name = dir.relativize(p).toString().replace('/', '.').replaceAll("\\.class$", "");
                if (name.equals("module-info")) continue;
                Class<?> c = Class.forName(name, false, loader);
                if (!accessible(c) || c.isSynthetic() || c.isAnonymousClass()) continue;
                types++;
                names.add(c.getName());
                for (var m : c.getDeclaredMethods()) {
                    if (Modifier.isPublic(m.getModifiers()) && !m.isSynthetic() && !m.isBridge()) methods++;
                }
            }
        }
        System.out.println(dir + ": " + types + " public types, " + methods + " public methods");
        if (System.getenv("LIST") != null) names.forEach(n -> System.out.println("  " + n));
    }

    static boolean accessible(Class<?> c) {
        for (Class<?> k = c; k != null; k = k.getEnclosingClass()) if (!Modifier.isPublic(k.getModifiers())) return false;
        return !c.getPackageName().contains(".internal");
    }
}
