/**
 * Tierwise's configuration: {@code application.yaml} bound once into validated records ({@link
 * io.tierwise.config.TierwiseSettings} and its sections), each setting with a {@code DEFAULT_*}
 * constant beside it.
 *
 * <p>Environment overrides: the value of key {@code K} comes from the variable {@code TIERWISE_} +
 * {@code K} upper-cased with every run of characters other than letters and digits replaced by
 * {@code _} (so {@code server.port} is {@code TIERWISE_SERVER_PORT}, {@code tiers[1].prices.input}
 * is {@code TIERWISE_TIERS_1_PRICES_INPUT}); list values are comma-separated. Overrides change
 * values of keys present in or defaulted by the schema; tiers and tenants are added in YAML.
 *
 * <p>Any invalid value, unknown key (with a did-you-mean), inline secret or malformed YAML fails
 * with one {@link io.tierwise.config.ConfigException} line naming the key; commands exit with
 * {@link io.tierwise.config.ConfigException#EXIT_CODE}. Secrets come only from the environment
 * variable or file a tier names, and print redacted.
 */
package io.tierwise.config;
