package io.serialtrace.support.settings;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.smallrye.config.validator.BeanValidationConfigValidator;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.util.Map;

/**
 * A {@code @ConfigMapping} parsed from given values through its own declaration and checked against
 * its Bean Validation constraints, as quarkus-hibernate-validator does at start: a bad value throws
 * the {@code ConfigValidationException} that stops a service, naming the property.
 */
public final class ValidatedSettings {

  private static final Validator VALIDATOR =
      Validation.buildDefaultValidatorFactory().getValidator();

  private ValidatedSettings() {}

  /** {@code mapping} read from {@code values} (its defaults for the rest), validated. */
  public static <T> T parse(Class<T> mapping, Map<String, String> values) {
    BeanValidationConfigValidator validator = () -> VALIDATOR;
    SmallRyeConfig config =
        new SmallRyeConfigBuilder()
            .withMapping(mapping)
            .withSources(new PropertiesConfigSource(values, "test", 500))
            .withValidator(validator)
            .build();
    return config.getConfigMapping(mapping);
  }
}
