package dev.genieobo.identity;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/**
 * The function's own (service-principal) credentials, under {@code databricks.*} so
 * that the variables the Databricks tools already use ({@code DATABRICKS_TOKEN},
 * {@code DATABRICKS_CLIENT_ID}, {@code DATABRICKS_CLIENT_SECRET}) set them. Only
 * {@link SystemIdentity} reads them.
 */
@ConfigMapping(prefix = "databricks")
public interface ServicePrincipalConfig {

    /** Personal access token of the service principal. */
    Optional<String> token();

    /** OAuth M2M client id of the service principal. */
    Optional<String> clientId();

    /** OAuth M2M client secret of the service principal. */
    Optional<String> clientSecret();
}
