package org.harmonia.server.system;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Corrects, for one endpoint, the error responses the API description derives from its method, parameters, body
 * and security ({@link OpenApiConfiguration}). Only for the exceptions: the rules cover every new endpoint.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ErrorResponses {
    /** Statuses the rules would document that this endpoint never answers. */
    int[] omit() default {};

    /** Statuses the rules would not document that this endpoint does answer. */
    int[] add() default {};
}
