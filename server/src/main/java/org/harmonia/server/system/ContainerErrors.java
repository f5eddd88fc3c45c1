package org.harmonia.server.system;

import java.io.IOException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

/**
 * Requests that Tomcat refuses before any of Harmonia's code sees them ({@code %00} in a path, a malformed
 * request line) are answered with a problem JSON instead of Tomcat's HTML error page.
 */
@Component
public class ContainerErrors implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

    @Override
    public void customize(TomcatServletWebServerFactory factory) {
        factory.addContextCustomizers(context -> {
            if (context.getParent() instanceof StandardHost host) {
                host.setErrorReportValveClass(ProblemReportValve.class.getName());
            }
        });
    }

    /** Tomcat's last-resort error report, as problem JSON. */
    public static class ProblemReportValve extends ErrorReportValve {
        @Override
        protected void report(Request request, Response response, Throwable throwable) {
            int status = response.getStatus();
            if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
                return;
            }
            org.springframework.http.HttpStatus known = org.springframework.http.HttpStatus.resolve(status);
            if (known == null) {
                known = status >= 500 ? org.springframework.http.HttpStatus.INTERNAL_SERVER_ERROR : org.springframework.http.HttpStatus.BAD_REQUEST;
            }
            String detail = status == 400 ? "the request is malformed (its path, query string or headers cannot be read)"
                    : status >= 500 ? "the server failed to answer this request" : "the request was refused";
            String type = status == 400 ? "bad-request" : status == 404 ? "not-found" : status >= 500 ? "server-error" : "refused";
            try {
                Problems.write(null, response, ApiErrors.problem(known, type, detail));
                response.finishResponse();
            } catch (IOException | IllegalStateException e) {
                // the client is gone: nothing left to tell it
            }
        }
    }
}
