package dev.leaklab.stress;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;

import org.HdrHistogram.Histogram;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.leaklab.census.LiveThreads;
import dev.leaklab.child.CellMain;

/**
 * The class path a child JVM gets: where this JVM loaded leaklab's child side, core and the few
 * libraries the child side uses from, and nothing else: not the command's picocli, XChart or
 * Commons Math, which a child has no use for. From a build's classes and Maven's jars that is one
 * entry each; from {@code leaklab.jar} it is {@code leaklab-cell.jar} alone, which holds all of
 * them (leaklab.jar's manifest puts it on the command's class path, see harness/pom.xml).
 * ArchitectureTest keeps the child side to these libraries.
 */
final class ChildClassPath {

    /** A class from each place the child loads from: leaklab's child side, core, HdrHistogram, Jackson. */
    static final List<Class<?>> ANCHORS = List.of(CellMain.class, LiveThreads.class, Histogram.class,
            ObjectMapper.class, JsonParser.class, JsonProperty.class);

    private ChildClassPath() {
    }

    /** The entries, each once, in the order of {@link #ANCHORS}. */
    static List<Path> entries() {
        var entries = new LinkedHashSet<Path>();
        for (Class<?> c : ANCHORS) {
            var source = c.getProtectionDomain().getCodeSource();
            if (source == null) {
                throw new IllegalStateException("cannot tell where " + c.getName() + " was loaded from");
            }
            try {
                entries.add(Path.of(source.getLocation().toURI()));
            } catch (URISyntaxException e) {
                throw new IllegalStateException(e);
            }
        }
        return List.copyOf(entries);
    }

    /** The value of the child's {@code -cp}. */
    static String value() {
        return String.join(File.pathSeparator, entries().stream().map(Path::toString).toList());
    }
}
