-- The language a user chose for the web pages; null until they choose (the browser's language is used).
alter table app_user add column language text check (language in ('en', 'it', 'es', 'fr', 'de', 'sv', 'da'));
