package dev.genieobo.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Every error body: a Databricks-style code and a message a user can act on. */
@RegisterForReflection
public record ApiError(@JsonProperty("error_code") String errorCode, String message) {
}
