package dev.leaklab.docs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The README stays a short user's guide, and every document's links lead somewhere inside the
 * repository (nothing may point outside it).
 */
class DocsTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Pattern LINK = Pattern.compile("\\]\\(([^)#\\s]*)(#[^)]*)?\\)");

    static List<Path> documents() throws IOException {
        var docs = new ArrayList<Path>(List.of(ROOT.resolve("README.md"), ROOT.resolve("results/README.md")));
        try (Stream<Path> s = Files.list(ROOT.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        return docs;
    }

    @Test
    void theReadmeIsShortEnoughToRead() throws IOException {
        assertThat(Files.size(ROOT.resolve("README.md"))).isLessThanOrEqualTo(20 * 1024);
    }

    @Test
    void everyLinkLeadsToAFileInTheRepository() throws IOException {
        var broken = new ArrayList<String>();
        for (Path doc : documents()) {
            var m = LINK.matcher(Files.readString(doc));
            while (m.find()) {
                String target = m.group(1);
                if (target.isEmpty() || target.startsWith("http://") || target.startsWith("https://")) {
                    continue;
                }
                Path resolved = doc.getParent().resolve(target).normalize();
                if (!resolved.startsWith(ROOT) || !Files.exists(resolved)) {
                    broken.add(ROOT.relativize(doc) + " -> " + target);
                }
            }
        }
        assertThat(broken).isEmpty();
    }

    @Test
    void nothingPointsOutsideTheRepositoryOrCallsTheGoGuideTheSeed() throws IOException {
        var found = new ArrayList<String>();
        for (Path doc : documents()) {
            String text = Files.readString(doc);
            if (text.contains("../shared") || text.contains("DESIGN.md") || Pattern.compile("\\bseed\\b").matcher(text).find()) {
                found.add(ROOT.relativize(doc).toString());
            }
        }
        assertThat(found).isEmpty();
    }
}
