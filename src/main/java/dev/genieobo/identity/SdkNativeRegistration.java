package dev.genieobo.identity;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * The Databricks SDK classes on our path that it reads or writes by reflection (with
 * Jackson): the OAuth discovery and token responses, and the error bodies. No GraalVM
 * metadata ships with the SDK, so a native executable needs this list. Not
 * {@code DatabricksConfig}: only its {@code resolve()} reads it by reflection, which
 * {@link SystemIdentity} never calls, and registering its methods made the SDK's whole
 * credential chain part of the executable (docs/native.md).
 */
@RegisterForReflection(targets = {
        com.databricks.sdk.core.oauth.OpenIDConnectEndpoints.class,
        com.databricks.sdk.core.oauth.OAuthResponse.class,
        com.databricks.sdk.core.oauth.Token.class,
        com.databricks.sdk.core.error.ApiErrorBody.class,
        com.databricks.sdk.core.error.details.ErrorDetails.class,
        com.databricks.sdk.core.error.details.ErrorDetailsDeserializer.class }, fields = true, methods = true)
final class SdkNativeRegistration {

    private SdkNativeRegistration() {
    }
}
