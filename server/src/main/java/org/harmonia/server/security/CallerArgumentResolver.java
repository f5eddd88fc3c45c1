package org.harmonia.server.security;

import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Lets controller methods take the authenticated {@link Caller} as a parameter, or {@code Optional<Caller>} where
 * the endpoint also answers without a sign-in.
 */
@Configuration(proxyBeanMethods = false)
public class CallerArgumentResolver implements HandlerMethodArgumentResolver, WebMvcConfigurer {

    @Override
    public boolean supportsParameter(MethodParameter parameter) {
        return parameter.getParameterType() == Caller.class || (parameter.getParameterType() == java.util.Optional.class
                && parameter.getGenericParameterType().getTypeName().equals("java.util.Optional<" + Caller.class.getName() + ">"));
    }

    @Override
    public Object resolveArgument(MethodParameter parameter, ModelAndViewContainer mav, NativeWebRequest request,
                                  WebDataBinderFactory binders) {
        Authentication a = SecurityContextHolder.getContext().getAuthentication();
        Caller caller = a != null && a.getPrincipal() instanceof Caller c ? c : null;
        if (parameter.getParameterType() == java.util.Optional.class) {
            return java.util.Optional.ofNullable(caller);
        }
        if (caller != null) {
            return caller;
        }
        throw new IllegalStateException("no authenticated caller for an endpoint that needs one");
    }

    @Override
    public void addArgumentResolvers(java.util.List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(this);
    }
}
