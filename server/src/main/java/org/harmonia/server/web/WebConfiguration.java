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
}
