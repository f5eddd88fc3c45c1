package org.harmonia.server.security;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.harmonia.server.audit.AuditTrail;
import org.harmonia.server.cli.CliLogging;
import org.harmonia.server.cli.UsageException;
import org.harmonia.server.system.CommandDatabase;
import org.harmonia.server.system.DatabaseOptions;
import org.harmonia.server.system.HarmoniaProperties;
import org.harmonia.server.system.ConflictException;
import org.harmonia.server.system.InvalidInputException;
import org.harmonia.server.system.NotFoundException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.transaction.support.TransactionTemplate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code harmonia user add | disable | enable | reset-password}: manages accounts directly in the database (the first
 * administrator, scripts, and an administrator locked out of the pages), audited as the platform ({@code system}).
 */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage user accounts in a Harmonia database.",
        subcommands = {UserCommand.Add.class, UserCommand.Disable.class, UserCommand.Enable.class, UserCommand.ResetPassword.class})
public final class UserCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Create a user; roles as STUDY:ROLE or STUDY:ROLE:SITE (e.g. mesems:SITE_COORDINATOR:07).")
    static final class Add implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "USERNAME")
        String username;

        @Option(names = "--name", required = true, description = "Display name.")
        String displayName;

        @Option(names = "--password-stdin", description = "Read the password from standard input (otherwise it is asked for).")
        boolean passwordStdin;

        @Option(names = "--admin", description = "Make the user an administrator (manages accounts).")
        boolean admin;

        @Option(names = "--role", paramLabel = "STUDY:ROLE[:SITE]", description = "A role to give; repeatable.")
        List<String> roles = new ArrayList<>();




        @CommandLine.Mixin
        DatabaseOptions database;

        @Override
        public Integer call() throws Exception {
            List<String[]> parsed = new ArrayList<>();
            for (String r : roles) {
                String[] parts = r.split(":");
                if (parts.length < 2 || parts.length > 3) {
                    throw new UsageException("--role " + r + ": expected STUDY:ROLE or STUDY:ROLE:SITE");
                }
                try {
                    Role.valueOf(parts[1].toUpperCase(Locale.ROOT));
                } catch (IllegalArgumentException e) {
                    throw new UsageException("--role " + r + ": unknown role " + parts[1] + "; roles are "
                            + String.join(", ", java.util.Arrays.stream(Role.values()).map(Role::name).toList()));
                }
                parsed.add(parts);
            }
            String password = readPassword();
            CliLogging.quiet();
            inTransaction(database, (users, accounts) -> {
                users.createUser(username, displayName, password, admin, Caller.SYSTEM);
                for (String[] p : parsed) {
                    users.assign(username, p[0], Role.valueOf(p[1].toUpperCase(Locale.ROOT)), p.length == 3 ? p[2] : null,
                            Caller.SYSTEM);
                }
            });
            PrintWriter out = spec.commandLine().getOut();
            out.println("user " + username + " created" + (admin ? " (administrator)" : "")
                    + (parsed.isEmpty() ? "" : " with " + parsed.size() + " role(s)"));
            out.flush();
            return 0;
        }

        private String readPassword() throws Exception {
            if (!passwordStdin && System.console() != null) {
                char[] p = System.console().readPassword("password for %s: ", username);
                return p == null ? "" : new String(p);
            }
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null || line.isEmpty()) {
                throw new UsageException("no password on standard input");
            }
            return line;
        }
    }

    /** Disable and enable: one account, the reason, one audited change. */
    abstract static class AccountSwitch implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "USERNAME")
        String username;

        @Option(names = "--reason", required = true, description = "Why (kept in the audit trail).")
        String reason;

        @CommandLine.Mixin
        DatabaseOptions database;

        abstract void apply(AccountService accounts);

        abstract String done();

        @Override
        public Integer call() throws Exception {
            CliLogging.quiet();
            inTransaction(database, (users, accounts) -> apply(accounts));
            spec.commandLine().getOut().println("user " + username + " " + done());
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Disable an account: it cannot sign in, its sessions end at once and its tokens are refused until enabled again.")
    static final class Disable extends AccountSwitch {
        @Override
        void apply(AccountService accounts) {
            accounts.disable(username, reason, Caller.SYSTEM);
        }

        @Override
        String done() {
            return "disabled";
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable a disabled account again.")
    static final class Enable extends AccountSwitch {
        @Override
        void apply(AccountService accounts) {
            accounts.enable(username, reason, Caller.SYSTEM);
        }

        @Override
        String done() {
            return "enabled";
        }
    }

    @Command(name = "reset-password", mixinStandardHelpOptions = true,
            description = "Give an account a temporary password, printed once, to be changed at its next sign-in; "
                    + "ends its sessions and revokes its API tokens.")
    static final class ResetPassword implements Callable<Integer> {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(paramLabel = "USERNAME")
        String username;

        @Option(names = "--reason", description = "Why (kept in the audit trail).")
        String reason;

        @CommandLine.Mixin
        DatabaseOptions database;

        @Override
        public Integer call() throws Exception {
            CliLogging.quiet();
            String[] temporary = new String[1];
            inTransaction(database, (users, accounts) ->
                    temporary[0] = accounts.resetPassword(username, reason, Caller.SYSTEM).temporaryPassword());
            PrintWriter out = spec.commandLine().getOut();
            out.println("temporary password for " + username + " (shown once; to be changed at the next sign-in):");
            out.println(temporary[0]);
            out.flush();
            return 0;
        }
    }

    /** What a sub-command does with the account services, in one transaction. */
    interface AccountWork {
        void run(UserService users, AccountService accounts);
    }

    /** Runs the work on the chosen database in one transaction; bad input and unknown users become one line and exit code 2. */
    static void inTransaction(DatabaseOptions database, AccountWork work) throws java.io.IOException {
        try (CommandDatabase db = database.open()) {
            JdbcClient jdbc = JdbcClient.create(db.dataSource());
            UserRepository repository = new UserRepository(jdbc);
            var encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
            AuditTrail audit = new AuditTrail(jdbc);
            TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(db.dataSource()));
            UserService users = new UserService(repository, encoder, audit, Clock.systemUTC(), new HarmoniaProperties(null, null, null), tx);
            AccountService accounts = new AccountService(repository, users, encoder, audit, Clock.systemUTC());
            tx.executeWithoutResult(s -> work.run(users, accounts));
        } catch (InvalidInputException e) {
            throw new UsageException(e.errors().get(0).field() + ": " + e.errors().get(0).message());
        } catch (ConflictException | NotFoundException e) {
            throw new UsageException(e.getMessage());
        }
    }
}
