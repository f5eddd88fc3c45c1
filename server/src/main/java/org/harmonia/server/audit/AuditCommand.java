package org.harmonia.server.audit;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.harmonia.server.cli.CliErrors;
import org.harmonia.server.cli.CliLogging;
import org.harmonia.server.cli.UsageException;
import org.harmonia.server.stats.JsonOutput;
import org.harmonia.server.system.CommandDatabase;
import org.harmonia.server.system.DatabaseOptions;
import org.harmonia.server.system.InvalidInputException;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code harmonia audit}: work with the audit trail of a Harmonia database without starting the server. */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Work with the audit trail of a Harmonia database without starting the server.",
        subcommands = {AuditCommand.Verify.class})
public final class AuditCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code audit verify}: re-computes the hash chain; exit 0 when intact, 1 when broken. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Re-compute the audit trail's hash chain and name the first row that was changed, deleted or "
                    + "inserted. Exit code 0 when intact, 1 when broken, 2 for bad options. Keep the printed head "
                    + "(ROW:HASH) outside the database and pass it later with --anchor to detect a rewritten chain.")
    static final class Verify implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;




        @CommandLine.Mixin
        DatabaseOptions database;

        @Option(names = "--anchor", paramLabel = "seal-N:HASH",
                description = "A head printed by an earlier verify and kept elsewhere (seal-N:HASH, or SEQ:HASH of a row chained before seals); the chain must still hold it.")
        String anchor;

        @Option(names = "--json", description = "Print the result as JSON.")
        boolean json;

        @Override
        public Integer call() throws Exception {
            ChainAnchor expected;
            try {
                expected = anchor == null ? null : ChainAnchor.parse(anchor);
            } catch (InvalidInputException e) {
                throw new UsageException("--anchor: " + e.errors().get(0).message());
            }
            CliLogging.quiet();
            ChainVerification result;
            try (CommandDatabase db = database.open()) {
                try {
                    boolean hasTrail = JdbcClient.create(db.dataSource())
                            .sql("select to_regclass('audit_log') is not null").query(Boolean.class).single();
                    if (!hasTrail) {
                        throw new UsageException("no audit trail in " + db.description()
                                + " (not a Harmonia database, or one never started by this version)");
                    }
                    boolean sealed = JdbcClient.create(db.dataSource())
                            .sql("select to_regclass('audit_seal') is not null").query(Boolean.class).single();
                    if (!sealed) {
                        throw new UsageException("the audit trail in " + db.description() + " is from an older version of"
                                + " Harmonia; start `harmonia serve` on it once to upgrade it, then verify");
                    }
                    // rows committed since the server's last sealing round (or before a crash) are sealed first
                    new AuditSealer(db.dataSource()).sealPending(true);
                    result = new AuditChainVerifier(db.dataSource()).verify(expected);
                } catch (DataAccessException e) {
                    throw new IllegalStateException("cannot read the audit trail of " + db.description() + ": "
                            + e.getMostSpecificCause().getMessage(), e);
                }
            }
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(JsonOutput.write(result));
            } else {
                out.println(result.summary());
                if (result.head() != null) {
                    out.println("head: " + result.head()
                            + " (keep it elsewhere; check it later with --anchor)");
                }
            }
            out.flush();
            return result.intact() ? 0 : CliErrors.FAILURE;
        }
    }
}
