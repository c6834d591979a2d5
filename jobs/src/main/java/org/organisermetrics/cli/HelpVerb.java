package org.organisermetrics.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code help [VERB...]}: the help of the program or of a verb, on stdout. An ordinary verb (not
 * picocli's help command, which ignores unknown options), so a mistake here is a usage error too.
 */
@Command(name = "help", mixinStandardHelpOptions = true,
        header = "Show the help of the program or of one of its verbs.",
        description = {"The same text as the verb's --help, which each verb also takes."},
        footer = {"%nExamples:",
                "  organiser-metrics help run",
                "  organiser-metrics help generate"})
final class HelpVerb implements Callable<Integer> {
    @Parameters(paramLabel = "VERB", arity = "0..*", description = "The verb (and sub-verb) whose help to show.")
    List<String> verbs = new ArrayList<>();

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        CommandLine target = spec.commandLine().getParent();
        for (String verb : verbs) {
            CommandLine next = target.getSubcommands().get(verb);
            if (next == null) {
                throw new UsageException("no verb '" + verb + "'; the verbs are "
                        + String.join(", ", target.getSubcommands().keySet()));
            }
            target = next;
        }
        target.usage(spec.commandLine().getOut());
        spec.commandLine().getOut().flush();
        return ExitCode.SUCCESS;
    }
}
