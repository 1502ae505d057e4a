package dev.leaklab.stress;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The child's AOT cache is named for exactly what it was made from, so a stale one is never used. */
class ChildAotCacheTest {

    @TempDir
    Path tmp;

    @Test
    void theCacheLivesBesideTheJarAndIsNamedForItsJarsAndTheRecording() throws Exception {
        Path jar = Files.writeString(tmp.resolve("leaklab-cell.jar"), "a jar");
        Path lib = Files.writeString(tmp.resolve("lib.jar"), "another");
        Path file = ChildAotCache.file(List.of(jar, lib), true);
        assertThat(file.getParent()).isEqualTo(tmp.toAbsolutePath());
        assertThat(file.getFileName().toString()).matches("leaklab-cell-[0-9a-f]{12}\\.aot");
        assertThat(ChildAotCache.file(List.of(jar, lib), true)).isEqualTo(file);
        // -XX:StartFlightRecording adds a module: a cache made with the recording is not one for without it
        assertThat(ChildAotCache.file(List.of(jar, lib), false)).isNotEqualTo(file);
        // a rebuilt jar (new time, or new size) gets a cache of its own
        Files.setLastModifiedTime(lib, FileTime.fromMillis(Files.getLastModifiedTime(lib).toMillis() + 2000));
        assertThat(ChildAotCache.file(List.of(jar, lib), true)).isNotEqualTo(file);
    }

    @Test
    void aNewCacheDeletesTheCachesOfEarlierBuildsOnly() throws Exception {
        Path stale = Files.writeString(tmp.resolve("leaklab-cell-aaaaaaaaaaaa.aot"), "old build");
        Files.setLastModifiedTime(stale, FileTime.fromMillis(System.currentTimeMillis() - 60_000));
        Path jar = Files.writeString(tmp.resolve("leaklab-cell.jar"), "the jar, rebuilt since");
        Path otherMode = Files.writeString(tmp.resolve("leaklab-cell-bbbbbbbbbbbb.aot"), "this build, recording off");
        Path unrelated = Files.writeString(tmp.resolve("notes.aot"), "not ours");
        Path keep = Files.writeString(ChildAotCache.file(List.of(jar), true), "this build");
        ChildAotCache.pruneOthers(keep);
        assertThat(stale).doesNotExist();
        assertThat(List.of(keep, otherMode, unrelated, jar)).allMatch(Files::exists);
    }

    @Test
    void aClassPathWithADirectoryGetsNoCacheAndSaysWhy() throws Exception {
        Path classes = Files.createDirectories(tmp.resolve("classes"));
        assertThat(ChildAotCache.file(List.of(classes), true)).isNull();
        var choice = ChildAotCache.ensure(List.of(classes), List.of(), true, tmp.resolve("work"));
        assertThat(choice.on()).isFalse();
        assertThat(choice.note()).startsWith("off (").contains("directory");
        assertThat(tmp.resolve("work")).doesNotExist(); // nothing was started
    }
}
