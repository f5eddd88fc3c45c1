package org.harmonia.server.standards.sdtm;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.sql.DataSource;
import org.harmonia.server.analysis.SnapshotLoader;
import org.harmonia.server.protocol.ProtocolCatalog;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Permission;
import org.harmonia.server.standards.dataset.DatasetFormat;
import org.harmonia.server.system.ForbiddenException;
import org.harmonia.server.system.InvalidInputException;
import org.harmonia.server.system.NotFoundException;
import org.harmonia.trial.protocol.AnalysisMethod;
import org.harmonia.trial.protocol.Protocol;
import org.springframework.http.HttpHeaders;
import org.springframework.util.FileSystemUtils;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The SDTM and ADaM exports over the API, as the commands write them, in one zip: the datasets, define.xml and, for
 * ADaM, the R script. They are whole-study datasets, so only the roles that read data at every site get them (data
 * manager, monitor, unblinded statistician); the sequence and the arms only for a role that also sees allocations
 * (the unblinded statistician), every other export is the blinded one, which never reads the allocation table.
 * The files are written to a temporary directory first, then copied into the response and removed: an export that
 * fails is then an error response, not a 200 with half a zip, and the export's read transaction ends before a slow
 * client downloads (Dataset-JSON needs a file for its rows anyway, its row count coming before them).
 */
@RestController
@RequestMapping("/api/studies/{studyId}/exports")
public class DatasetExportController {
    private final ProtocolCatalog catalog;
    private final DataSource dataSource;
    private final Clock clock;

    public DatasetExportController(ProtocolCatalog catalog, DataSource dataSource, Clock clock) {
        this.catalog = catalog;
        this.dataSource = dataSource;
        this.clock = clock;
    }

    @ApiResponse(responseCode = "200", description = "the SDTM datasets (SDTMIG 3.4) and define.xml in a zip",
            content = @Content(mediaType = "application/zip", schema = @Schema(type = "string", format = "binary")))
    @GetMapping("/sdtm")
    public void sdtm(Caller caller, @PathVariable String studyId, @RequestParam(required = false) String format,
                     HttpServletResponse response) throws IOException {
        Protocol protocol = catalog.require(studyId);
        boolean unblinded = unblinded(caller, studyId);
        DatasetFormat f = format(format);
        Path dir = Files.createTempDirectory("harmonia-sdtm-");
        try {
            new SdtmExport(dataSource).export(protocol, f, dir, unblinded, clock.instant());
            send(dir, studyId + "-sdtm-" + f.extension() + (unblinded ? "-unblinded" : "") + ".zip", response);
        } finally {
            FileSystemUtils.deleteRecursively(dir);
        }
    }

    @ApiResponse(responseCode = "200", description = "the ADaM datasets (ADaMIG 1.3), define.xml and the R script of the primary analysis in a zip",
            content = @Content(mediaType = "application/zip", schema = @Schema(type = "string", format = "binary")))
    @GetMapping("/adam")
    public void adam(Caller caller, @PathVariable String studyId, @RequestParam(required = false) String format,
                     @RequestParam(required = false) Long lock, HttpServletResponse response) throws IOException {
        Protocol live = catalog.require(studyId);
        boolean unblinded = unblinded(caller, studyId);
        DatasetFormat f = format(format);
        SnapshotLoader.LockedProtocol locked = lock == null ? null : SnapshotLoader.LockedProtocol.find(dataSource, studyId, lock)
                .orElseThrow(() -> new NotFoundException("no database lock " + lock + " in study " + studyId));
        Protocol protocol = locked == null ? live : locked.protocol();
        if (protocol.analysis().first(AnalysisMethod.NEGATIVE_BINOMIAL).isEmpty()) {
            throw new NotFoundException("study " + studyId + " has no negative-binomial primary analysis, so no analysis datasets");
        }
        Path dir = Files.createTempDirectory("harmonia-adam-");
        try {
            new AdamExport(dataSource).export(protocol, f, dir, unblinded, clock.instant(), locked == null ? null : locked.lock());
            send(dir, studyId + "-adam-" + f.extension() + (unblinded ? "-unblinded" : "") + (lock == null ? "" : "-lock-" + lock) + ".zip",
                    response);
        } finally {
            FileSystemUtils.deleteRecursively(dir);
        }
    }

    /** Whether the caller gets the unblinded export; refuses roles that cannot read every site's data. */
    private static boolean unblinded(Caller caller, String studyId) {
        if (!caller.scope(studyId, Permission.READ_DATA).all()) {
            throw new ForbiddenException(caller.username() + " reads data at some sites only; SDTM and ADaM datasets hold every site's"
                    + " subjects (a site's own data: GET /api/studies/" + studyId + "/exports/odm)");
        }
        return caller.has(studyId, Permission.SEE_ALLOCATION);
    }

    private static DatasetFormat format(String text) {
        if (text == null) {
            throw new InvalidInputException("format", "is required: xpt or json");
        }
        return DatasetFormat.parse(text).orElseThrow(() -> new InvalidInputException("format",
                "\"" + (text.length() > 20 ? text.substring(0, 20) + "…" : text) + "\" is not one of: xpt, json"));
    }

    private static void send(Path dir, String fileName, HttpServletResponse response) throws IOException {
        List<Path> files;
        try (var list = Files.list(dir)) {
            files = list.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        }
        response.setContentType("application/zip");
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + fileName + "\"");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        OutputStream out = response.getOutputStream();
        ZipOutputStream zip = new ZipOutputStream(out);
        for (Path file : files) {
            zip.putNextEntry(new ZipEntry(file.getFileName().toString()));
            Files.copy(file, zip);
            zip.closeEntry();
        }
        zip.finish();
        response.flushBuffer();
    }
}
