package org.harmonia.server;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/** The Harmonia web application: REST API, pages and background services over PostgreSQL. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class HarmoniaApplication {
}
