package org.harmonia.server;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The Harmonia web application: REST API, pages and background services over PostgreSQL. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class HarmoniaApplication {
    /**
     * The build's ahead-of-time processing of the context starts here (spring-boot-maven-plugin process-aot); people
     * start the application with {@code harmonia serve} or {@code harmonia demo} (ServerLauncher).
     */
    public static void main(String[] args) {
        SpringApplication.run(HarmoniaApplication.class, args);
    }
}
