package org.harmonia.server.standards.odm;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Clock;
import javax.sql.DataSource;
import org.harmonia.server.protocol.ProtocolCatalog;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Permission;
import org.harmonia.server.security.SiteScope;
import org.harmonia.server.system.InvalidInputException;
import org.harmonia.trial.protocol.Protocol;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * ODM 1.3.2 over the API: {@code GET /api/studies/{studyId}/exports/odm} streams the study as the caller may see it
 * (its sites, allocations only for a role that sees them, audit records only for a role that reads the trail), and
 * {@code POST /api/studies/{studyId}/imports/odm} takes a file of clinical data, all or nothing.
 */
@RestController
@RequestMapping("/api/studies/{studyId}")
public class OdmController {
    private final ProtocolCatalog catalog;
    private final DataSource dataSource;
    private final Clock clock;
    private final OdmDataImport imports;

    public OdmController(ProtocolCatalog catalog, DataSource dataSource, Clock clock, OdmDataImport imports) {
        this.catalog = catalog;
        this.dataSource = dataSource;
        this.clock = clock;
        this.imports = imports;
    }

    @ApiResponse(responseCode = "200", description = "the study as an ODM 1.3.2 file",
            content = @Content(mediaType = "application/xml", schema = @Schema(type = "string")))
    @GetMapping("/exports/odm")
    public void export(Caller caller, @PathVariable String studyId, @RequestParam(defaultValue = "false") boolean metadataOnly,
                       HttpServletResponse response) throws IOException {
        Protocol protocol = catalog.require(studyId);
        // every role of the study sees the protocol; data need the right to read them, at the caller's sites only
        OdmExporter.Options options = metadataOnly
                ? new OdmExporter.Options(true, false, false, viewScope(caller, studyId))
                : new OdmExporter.Options(false, caller.has(studyId, Permission.SEE_ALLOCATION),
                        caller.has(studyId, Permission.READ_AUDIT_TRAIL), caller.scope(studyId, Permission.READ_DATA));
        response.setContentType(MediaType.APPLICATION_XML_VALUE);
        response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + studyId + (metadataOnly ? "-metadata" : "")
                + "-odm.xml\"");
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        // written on the request's own thread straight into the response, while the rows are read: nothing is buffered
        new OdmExporter(dataSource, clock).write(protocol, options, response.getOutputStream());
        response.flushBuffer();
    }

    @PostMapping(value = "/imports/odm", consumes = {MediaType.APPLICATION_XML_VALUE, MediaType.TEXT_XML_VALUE})
    public OdmDataImport.Result importData(Caller caller, @PathVariable String studyId, @RequestBody byte[] file,
                                           @RequestParam(defaultValue = "upload.xml") String fileName) throws IOException {
        caller.require(studyId, Permission.ENTER_DATA);
        if (!fileName.matches("[A-Za-z0-9._-]{1,100}")) {
            throw new InvalidInputException("fileName", "letters, digits, dot, hyphen and underscore only, at most 100");
        }
        OdmFile odm;
        try {
            odm = new OdmReader().read(new ByteArrayInputStream(file), fileName);
        } catch (OdmReadException e) {
            throw new InvalidInputException("file", e.getMessage());
        }
        try {
            return imports.importData(studyId, odm, fileName, OdmDataImport.sha256(new ByteArrayInputStream(file)), caller);
        } catch (OdmReadException e) {
            throw new InvalidInputException("file", e.getMessage());
        }
    }

    private static SiteScope viewScope(Caller caller, String studyId) {
        caller.require(studyId, Permission.VIEW_STUDY);
        return SiteScope.of(java.util.Set.of());
    }
}
