package org.harmonia.server.web;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.support.ResourceBundleMessageSource;
import org.springframework.web.servlet.LocaleResolver;

/** The plumbing every page shares: texts from the message bundles, and the language of each request. */
@Configuration(proxyBeanMethods = false)
public class WebConfiguration {

    /**
     * {@code messages_en.properties} and its six translations. The server's own locale never decides a page's
     * language (a server in Germany must not turn a Swedish user's missing text German): English is the fallback.
     */
    @Bean
    MessageSource messageSource() {
        ResourceBundleMessageSource m = new ResourceBundleMessageSource();
        m.setBasename("messages");
        m.setDefaultEncoding(StandardCharsets.UTF_8.name());
        m.setFallbackToSystemLocale(false);
        m.setDefaultLocale(Locale.ENGLISH);
        return m;
    }

    @Bean
    LocaleResolver localeResolver(AccountLanguage accounts) {
        return new AccountLocaleResolver(accounts);
    }

    /**
     * Asset links with their webjar versions, without asking the resource chain about every other link (see the
     * filter). Declared as the framework's filter type, which is what makes Boot leave out its own.
     */
    @Bean
    org.springframework.boot.web.servlet.FilterRegistrationBean<org.springframework.web.servlet.resource.ResourceUrlEncodingFilter> assetUrlEncodingFilter() {
        var registration = new org.springframework.boot.web.servlet.FilterRegistrationBean<org.springframework.web.servlet.resource.ResourceUrlEncodingFilter>(
                new AssetUrlEncodingFilter());
        registration.setDispatcherTypes(jakarta.servlet.DispatcherType.REQUEST, jakarta.servlet.DispatcherType.ERROR);
        return registration;
    }
}
