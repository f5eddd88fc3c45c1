package org.harmonia.server.standards.usdm;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.harmonia.server.ApiClient;
import org.harmonia.server.ApiClient.Response;
import org.harmonia.server.ApiContract;
import org.harmonia.server.FixedClockConfiguration;
import org.harmonia.server.TestUsers;
import org.harmonia.server.security.Role;
import org.harmonia.server.security.UserService;
import org.harmonia.trial.protocol.Protocol;
import org.harmonia.trial.protocol.ProtocolLoader;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/** USDM over HTTP: the roles that see allocations export the protocol, blinded roles are refused; any signed-in user drafts a protocol from a USDM file. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "harmonia.protocols=../protocols")
@Import(FixedClockConfiguration.class)
class UsdmApiTest {
    @LocalServerPort
    int port;

    @Autowired
    UserService userService;

    final HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> postJson(String token, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return ApiContract.check(http.send(b.build(), HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void theStatisticianExportsTheProtocolWithoutItsConcealedPartsAndItDraftsBackIntoAProtocol() throws Exception {
        TestUsers users = new TestUsers(userService);
        String coordinator = users.token("usdm-coord", "mesems", Role.SITE_COORDINATOR, "07");
        String statistician = users.token("usdm-stat", "mesems", Role.UNBLINDED_STATISTICIAN, null);
        Response refused = new ApiClient(port, coordinator).get("/api/studies/mesems/exports/usdm");
        assertThat(refused.status()).as("the arms' names are no blinded role's reading").isEqualTo(403);
        assertThat(refused.text()).doesNotContain("PLACEBO");
        Response exported = new ApiClient(port, statistician).get("/api/studies/mesems/exports/usdm");
        assertThat(exported.status()).as(exported.text()).isEqualTo(200);
        assertThat(exported.body().get("usdmVersion").asString()).startsWith("4");
        assertThat(exported.text()).doesNotContainIgnoringCase("blockSize").doesNotContain("Blocks of 2 or 4");

        HttpResponse<String> drafted = postJson(coordinator, "/api/imports/usdm", exported.text());
        assertThat(drafted.statusCode()).as(drafted.body()).isEqualTo(200);
        assertThat(drafted.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/yaml"));
        Protocol draft = new ProtocolLoader().load("draft.yaml", drafted.body());
        assertThat(draft.visits()).hasSize(new ProtocolLoader().load(java.nio.file.Path.of("..", "protocols", "mesems.yaml")).visits().size());
    }

    @Test
    void aUsdmFileThatCannotBeReadIsRefusedNamingTheBodyAndNobodyOutsideTheStudyExports() throws Exception {
        TestUsers users = new TestUsers(userService);
        String monitor = users.token("usdm-monitor", "mesems", Role.MONITOR, null);
        HttpResponse<String> empty = postJson(monitor, "/api/imports/usdm", "{}");
        assertThat(empty.statusCode()).isEqualTo(422);
        assertThat(empty.body()).contains("\"field\":\"body\"");
        HttpResponse<String> duplicate = postJson(monitor, "/api/imports/usdm", "{\"usdmVersion\":\"4.0.0\",\"usdmVersion\":\"4.0.0\"}");
        assertThat(duplicate.statusCode()).isBetween(400, 422);
        assertThat(postJson(null, "/api/imports/usdm", "{}").statusCode()).isEqualTo(401);
        String otherStudy = users.token("usdm-other", "msc-it-safety", Role.CENTRAL_DATA_MANAGER, null);
        assertThat(new ApiClient(port, otherStudy).get("/api/studies/mesems/exports/usdm").status()).isIn(403, 404);
    }
}
