package org.harmonia.server.protocol;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.harmonia.server.cli.UsageException;
import org.harmonia.trial.protocol.Protocol;
import org.harmonia.trial.protocol.ProtocolException;
import org.harmonia.trial.protocol.ProtocolProblem;
import org.harmonia.trial.protocol.SubTrial;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code harmonia protocol}: check protocol files and show a protocol's schedule and eligibility. */
@Command(name = "protocol", mixinStandardHelpOptions = true,
        description = "Check protocol files and show their schedule of activities and eligibility criteria.",
        subcommands = {ProtocolCommand.Check.class, ProtocolCommand.Show.class})
public final class ProtocolCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code protocol check FILE...}: validates files and lists every problem with file, line and path. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = "Validate protocol files; print every problem with file, line and path. Exit code 2 if any.")
    static final class Check implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "FILE|STUDY", description = "Protocol files, or study ids in the protocols directory.")
        List<String> files;

        @Option(names = "--protocols", description = "Directory of protocol files (default: $HARMONIA_HOME/protocols or ./protocols).")
        Path protocols;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            List<ProtocolProblem> problems = new ArrayList<>();
            for (String f : files) {
                Path file = ProtocolFiles.resolve(f, protocols);
                try {
                    Protocol p = ProtocolFiles.loader().load(file);
                    out.printf("%s: ok - %s version %s: %s, %d arms, %d sequences, %d visits, %d activities, %d sub-trials%n",
                            file, p.id(), p.version(), p.design().type().name().toLowerCase().replace('_', '-'),
                            p.arms().size(), p.sequences().size(), p.visits().size(), p.activities().size(),
                            p.subTrials().size());
                } catch (ProtocolException e) {
                    problems.addAll(e.problems());
                }
            }
            if (!problems.isEmpty()) {
                throw new ProtocolException(problems);
            }
            return 0;
        }
    }

    /** {@code protocol show STUDY}: the schedule of activities and the eligibility of one sub-trial. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print the schedule of activities (visits x assessments) and the eligibility criteria.")
    static final class Show implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "FILE|STUDY", description = "A protocol file, or a study id in the protocols directory.")
        String file;

        @Option(names = "--sub-trial", paramLabel = "ID", description = "Show the eligibility of this sub-trial (default: the master protocol's).")
        String subTrial;

        @Option(names = "--protocols", description = "Directory of protocol files (default: $HARMONIA_HOME/protocols or ./protocols).")
        Path protocols;

        @Override
        public Integer call() {
            Protocol p = ProtocolFiles.loader().load(ProtocolFiles.resolve(file, protocols));
            SubTrial chosen = null;
            if (subTrial != null) {
                chosen = p.subTrial(subTrial).orElseThrow(() -> new UsageException("no sub-trial \"" + subTrial + "\" in "
                        + p.id() + "; sub-trials are: " + String.join(", ", p.subTrials().stream().map(SubTrial::id).toList())));
            }
            PrintWriter out = spec.commandLine().getOut();
            out.print(ProtocolText.render(p, chosen));
            out.flush();
            return 0;
        }
    }
}
