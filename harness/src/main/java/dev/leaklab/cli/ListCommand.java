package dev.leaklab.cli;

import java.util.concurrent.Callable;

import dev.leaklab.scenario.Catalog;
import dev.leaklab.scenario.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

@Command(name = "list", mixinStandardHelpOptions = true,
        description = "List the leak scenarios, one line each (--long adds the Go guide section and the fix).")
final class ListCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--long", description = "Also print the Go guide section each mirrors and its fix.")
    boolean detailed;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        int width = Catalog.all().stream().mapToInt(s -> s.name().length()).max().orElse(0);
        for (Scenario s : Catalog.all()) {
            out.printf("%-" + width + "s  %s%n", s.name(), s.leak());
            if (detailed) {
                out.printf("%-" + width + "s  Go guide: %s%n", "", s.guideSection());
                out.printf("%-" + width + "s  fix:  %s%n", "", s.fix());
            }
        }
        return 0;
    }
}
