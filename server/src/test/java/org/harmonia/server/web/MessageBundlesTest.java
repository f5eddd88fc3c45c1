package org.harmonia.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Every language of the pages has every text English has, and is a translation rather than a copy. */
class MessageBundlesTest {

    static Properties bundle(Language l) throws IOException {
        Properties p = new Properties();
        try (InputStream in = MessageBundlesTest.class.getResourceAsStream("/messages_" + l.code() + ".properties")) {
            assertThat(in).as("messages_" + l.code() + ".properties").isNotNull();
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    @Test
    void everyBundleHasEveryKeyEnglishHasAndNoOther() throws IOException {
        Properties en = bundle(Language.EN);
        assertThat(en).isNotEmpty();
        for (Language l : Language.values()) {
            Properties other = bundle(l);
            Set<String> missing = new TreeSet<>(en.stringPropertyNames());
            missing.removeAll(other.stringPropertyNames());
            assertThat(missing).as("keys missing from messages_" + l.code()).isEmpty();
            Set<String> extra = new TreeSet<>(other.stringPropertyNames());
            extra.removeAll(en.stringPropertyNames());
            assertThat(extra).as("keys of messages_" + l.code() + " that English lacks").isEmpty();
            assertThat(other.stringPropertyNames()).allSatisfy(k -> assertThat(other.getProperty(k)).as(l.code() + " " + k).isNotBlank());
        }
    }

    @Test
    void translationsAreNotEnglishCopies() throws IOException {
        Properties en = bundle(Language.EN);
        for (Language l : Language.values()) {
            if (l == Language.EN) {
                continue;
            }
            Properties other = bundle(l);
            long same = en.stringPropertyNames().stream().filter(k -> en.getProperty(k).equals(other.getProperty(k))).count();
            // a few words are the same in both languages ("Status", "Total", "Password")
            assertThat(same).as("texts of messages_" + l.code() + " identical to English").isLessThan(en.size() / 10);
        }
    }
}
