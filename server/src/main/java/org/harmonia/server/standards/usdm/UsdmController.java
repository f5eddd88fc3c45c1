package org.harmonia.server.standards.usdm;

import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.nio.charset.StandardCharsets;
import org.harmonia.server.protocol.ProtocolCatalog;
import org.harmonia.server.security.Caller;
import org.harmonia.server.security.Permission;
import org.harmonia.server.system.ForbiddenException;
import org.harmonia.server.system.InvalidInputException;
import org.harmonia.trial.protocol.ProtocolException;
import org.harmonia.trial.protocol.ProtocolLoader;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.node.ObjectNode;

/**
 * USDM over the API, as {@code export usdm} and {@code import usdm} on the command line: a study's current protocol as
 * CDISC USDM 4 JSON for the roles that see allocations (it holds no block sizes and no concealed assumptions, but it
 * names the study arms by their order of treatments, which no blinded role reads anywhere), and a protocol file drafted
 * from a USDM file for any signed-in user (nothing is stored).
 */
@RestController
public class UsdmController {
    private final ProtocolCatalog catalog;

    public UsdmController(ProtocolCatalog catalog) {
        this.catalog = catalog;
    }

    @ApiResponse(responseCode = "200", description = "the study's current protocol as a CDISC USDM 4 JSON file",
            content = @Content(mediaType = "application/json", schema = @Schema(type = "object")))
    @GetMapping("/api/studies/{studyId}/exports/usdm")
    public ResponseEntity<ObjectNode> export(Caller caller, @PathVariable String studyId) {
        caller.require(studyId, Permission.VIEW_STUDY);
        if (caller.blinded(studyId)) {
            // the study arms are named by their order of treatments, words no blinded role reads anywhere
            throw new ForbiddenException("the USDM file names the study arms by their treatments; blinded roles read the "
                    + "protocol at GET /api/studies/" + studyId);
        }
        ObjectNode usdm = new UsdmExport().export(catalog.require(studyId)).usdm();
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + studyId + "-usdm.json\"").body(usdm);
    }

    @ApiResponse(responseCode = "200", description = "a protocol file drafted from the USDM file, with what it could not say "
            + "listed under assumptions; it loads as a protocol, and nothing is stored",
            content = @Content(mediaType = "application/yaml", schema = @Schema(type = "string")))
    @PostMapping(value = "/api/imports/usdm", consumes = MediaType.APPLICATION_JSON_VALUE)
    public ResponseEntity<String> draft(Caller caller, @RequestBody(required = false) byte[] file) {
        if (file == null || file.length == 0) {
            throw new InvalidInputException("body", "a USDM 4 JSON file is required");
        }
        UsdmProtocolWriter.Draft draft;
        try {
            draft = new UsdmProtocolWriter().write(UsdmFile.parse(file, "upload.json"));
            new ProtocolLoader().load("draft.yaml", draft.yaml());
        } catch (UsdmFile.UsdmReadException | ProtocolException e) {
            throw new InvalidInputException("body", e.getMessage());
        }
        return ResponseEntity.ok().contentType(new MediaType("application", "yaml", StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"protocol-draft.yaml\"").body(draft.yaml());
    }
}
