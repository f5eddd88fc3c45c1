package org.harmonia.server.system;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import org.harmonia.server.cli.HarmoniaVersion;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI description served at /v3/api-docs (and browsable at /swagger-ui.html). */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {
    static {
        // the authenticated caller is resolved from the security context, not sent by clients
        org.springdoc.core.utils.SpringDocUtils.getConfig().addRequestWrapperToIgnore(org.harmonia.server.security.Caller.class);
    }

    @Bean
    OpenAPI harmoniaOpenApi() {
        return new OpenAPI().info(new Info().title("Harmonia API").version(HarmoniaVersion.current())
                .description("Multi-centre clinical trials of cell therapies: protocols, screening, visits, safety, "
                        + "data queries and the audit trail. Errors are RFC 9457 problem details; validation errors "
                        + "(422) list every field with its message. Scripts send a personal API token (POST /api/auth/token) as "
                        + "Authorization: Bearer <token>; pages use the session of the form login with its CSRF token.")
                .license(new License().name("Apache-2.0")))
                .components(new io.swagger.v3.oas.models.Components().addSecuritySchemes("bearer",
                        new io.swagger.v3.oas.models.security.SecurityScheme().type(io.swagger.v3.oas.models.security.SecurityScheme.Type.HTTP)
                                .scheme("bearer").description("a personal API token from POST /api/auth/token")))
                .addSecurityItem(new io.swagger.v3.oas.models.security.SecurityRequirement().addList("bearer"));
    }
}
