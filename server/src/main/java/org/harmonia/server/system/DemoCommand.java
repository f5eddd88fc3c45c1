package org.harmonia.server.system;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.harmonia.server.analysis.DemoCohort;
import org.harmonia.server.analysis.DemoWorkInProgress;
import org.harmonia.server.protocol.ProtocolCatalog;
import org.harmonia.server.security.DemoUsers;
import org.harmonia.server.survival.CirrhosisDemo;
import org.springframework.context.ConfigurableApplicationContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code harmonia demo}: the server on a fresh embedded database (in ~/.harmonia/demo) with the MESEMS study,
 * one user per role, a simulated completed cohort and subjects on study today, all loaded through the services.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start Harmonia on a fresh embedded database with the MESEMS study, demo users and a simulated cohort.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "8080", description = "HTTP port (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--protocols", description = "Directory of protocol files (default: $HARMONIA_HOME/protocols or ./protocols).")
    Path protocols;

    @Option(names = "--study", defaultValue = "mesems", description = "The study whose demo data to load: mesems (default), "
            + "msc-it-safety (the living meta-analysis; it loads the MESEMS cohort too, which joins it from live data), hadassah "
            + "(the long-term study of repeated MSC courses) or msc-np (the MSC-NP phase I study), these two with the MESEMS cohort "
            + "too, or uc-msc-cirrhosis (the UC-MSC decompensated cirrhosis trial with 75 months of survival follow-up).")
    String study;

    @Option(names = "--no-cohort", description = "Start with the study only, without the simulated cohort or subjects on study.")
    boolean noCohort;

    @Option(names = "--completed-cohort-only", description = "Load the completed cohort without the subjects on study today "
            + "(ids then follow the API guide's examples exactly).")
    boolean completedCohortOnly;

    @Option(names = "--data-dir", description = "Where the demo database lives, emptied at start (default: ~/.harmonia/demo).")
    Path dataDir;

    /** The demo's data directory, emptied at every start and kept after stopping so reports can still be run on it. */
    public static Path dataDir() {
        return Path.of(System.getProperty("user.home"), ".harmonia", "demo");
    }

    /** The live Java process that wrote the demo's pid file, if any (a file left by a killed demo names a dead process). */
    private static java.util.Optional<ProcessHandle> demoProcess(Path owner) throws java.io.IOException {
        if (!java.nio.file.Files.isRegularFile(owner)) {
            return java.util.Optional.empty();
        }
        try {
            long pid = Long.parseLong(java.nio.file.Files.readString(owner).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().orElse("").contains("java") && pid != ProcessHandle.current().pid());
        } catch (NumberFormatException e) {
            return java.util.Optional.empty();
        }
    }

    @Override
    public Integer call() throws Exception {
        if (!java.util.List.of("mesems", "msc-it-safety", "hadassah", "msc-np", CirrhosisDemo.STUDY).contains(study)) {
            throw new org.harmonia.server.cli.UsageException("--study: \"" + study
                    + "\" has no demo; one of: mesems, msc-it-safety, hadassah, msc-np, " + CirrhosisDemo.STUDY);
        }
        boolean cirrhosis = study.equals(CirrhosisDemo.STUDY);
        Path dataDir = this.dataDir != null ? this.dataDir.toAbsolutePath() : dataDir();
        Path owner = dataDir.resolveSibling(dataDir.getFileName() + ".pid");
        java.util.Optional<ProcessHandle> other = demoProcess(owner);
        if (other.isPresent()) {
            // another demo's database: wiping it would pull the floor from under that demo
            throw new org.harmonia.server.cli.UsageException("a demo (pid " + other.get().pid() + ") is already running on " + dataDir
                    + "; stop it first, or give this one its own --data-dir");
        }
        // a PostgreSQL left by a demo that was killed holds the directory: stop it before emptying the directory
        EmbeddedDatabase.stopStrayServer(dataDir);
        org.springframework.util.FileSystemUtils.deleteRecursively(dataDir);
        java.nio.file.Files.createDirectories(dataDir.getParent());
        java.nio.file.Files.writeString(owner, Long.toString(ProcessHandle.current().pid()));
        owner.toFile().deleteOnExit();
        ConfigurableApplicationContext ctx = ServerLauncher.start(
                new ServerLauncher.Settings(port, null, null, null, dataDir, false, protocols));
        var catalog = ctx.getBean(ProtocolCatalog.class);
        var demoUsers = ctx.getBean(DemoUsers.class).create("mesems");
        String url = "http://localhost:" + port;
        System.out.println();
        System.out.println("Harmonia demo is running at " + url + "/");
        catalog.protocols().forEach(p -> System.out.println("  study " + p.id() + ": " + url + "/api/studies/" + p.id()
                + " (" + p.subTrials().size() + " sub-trials, " + p.visits().size() + " visits)"));
        System.out.println("  health: " + url + "/actuator/health, API description: " + url + "/swagger-ui.html");
        System.out.println("Demo users (password \"" + DemoUsers.PASSWORD + "\" for all; sign in at " + url + "/login,");
        System.out.println("or get an API token: curl -X POST " + url + "/api/auth/token -H 'Content-Type: application/json' "
                + "-d '{\"username\":\"coordinator\",\"password\":\"" + DemoUsers.PASSWORD + "\"}'):");
        demoUsers.forEach(u -> System.out.printf("  %-24s %s%n", u.username(), u.description()));
        if (!noCohort && cirrhosis) {
            System.out.println("Loading the simulated UC-MSC cirrhosis cohort through the services (screening, randomisation, "
                    + "infusions, liver function, follow-up contacts, deaths)...");
            CirrhosisDemo.Loaded loaded = ctx.getBean(CirrhosisDemo.class).load();
            System.out.printf("Cirrhosis cohort loaded in %.1f s: %d screened, %d randomised %s, %d forms.%n", loaded.millis() / 1000.0,
                    loaded.screened(), loaded.randomised(), loaded.byArm(), loaded.forms());
            System.out.println("Reports: ./harmonia report --study " + CirrhosisDemo.STUDY + " [--unblinded] --format html|pdf --out FILE");
        }
        if (!noCohort && !cirrhosis) {
            System.out.println("Loading the simulated MESEMS cohort through the services (screening, randomisation, visits, AEs)...");
            DemoCohort.Loaded loaded = ctx.getBean(DemoCohort.class).load("mesems");
            System.out.printf("Demo cohort loaded in %.1f s: %d screened, %d screen failures, %d randomised %s, %d forms, "
                    + "%d adverse events (%d serious).%n", loaded.millis() / 1000.0, loaded.screened(), loaded.screenFailures(),
                    loaded.randomised(), loaded.bySequence(), loaded.forms(), loaded.adverseEvents(), loaded.seriousAdverseEvents());
        }
        if (!noCohort && !completedCohortOnly && !cirrhosis) {
            DemoWorkInProgress.Loaded wip = ctx.getBean(DemoWorkInProgress.class).load("mesems");
            System.out.printf("Subjects on study today loaded in %.1f s: %d at each of sites %s (screening, enrolment, visits due and "
                    + "overdue, open queries, a serious AE on its 24-hour clock); the report analyses the completed cohort up to its "
                    + "cut-off and lists them as after it.%n", wip.millis() / 1000.0, wip.subjects() / wip.sites().size(),
                    String.join(", ", wip.sites().stream().map(DemoWorkInProgress.SiteSubjects::siteId).toList()));
        }
        if (!noCohort && study.equals("msc-it-safety")) {
            int trials = ctx.getBean(org.harmonia.server.metaanalysis.MetaAnalysisDemo.class).load();
            System.out.println("Meta-analysis msc-it-safety: " + trials + " included trials recorded (calibrated to the published "
                    + "pooled figures); MESEMS joins it from its live data in the unblinded report.");
            System.out.println("Reports: ./harmonia report --study msc-it-safety [--unblinded] --format html|pdf --out FILE");
        }
        if (!noCohort && study.equals("hadassah")) {
            var loaded = ctx.getBean(org.harmonia.server.openlabel.HadassahDemo.class).load();
            System.out.println("Hadassah long-term study: " + loaded.patients() + " patients, " + loaded.courses() + " MSC courses, "
                    + loaded.adverseEvents() + " adverse events (calibrated to Petrou et al. 2021).");
            System.out.println("Reports: ./harmonia report --study hadassah --format html|pdf --out FILE");
        }
        if (!noCohort && study.equals("msc-np")) {
            var loaded = ctx.getBean(org.harmonia.server.openlabel.MscNpDemo.class).load();
            System.out.println("MSC-NP phase I: " + loaded.patients() + " patients, " + loaded.injections() + " intrathecal injections, "
                    + loaded.adverseEvents() + " adverse events (calibrated to Harris et al. 2020).");
            System.out.println("Reports: ./harmonia report --study msc-np --format html|pdf --out FILE");
        }
        if (!noCohort && !cirrhosis) {
            System.out.println("Reports: ./harmonia report --study mesems [--unblinded] --format html|pdf --out FILE");
        }
        System.out.println("The demo database lives in " + dataDir + " until the next demo starts (stop with Ctrl+C).");
        ServerLauncher.awaitShutdown(ctx);
        return 0;
    }
}
