package dev.settlement.service.rest;

import dev.settlement.api.Asset;
import dev.settlement.api.Settlement;
import dev.settlement.api.StateTransition;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What Jackson reads or writes by reflection that a native image cannot see from the resource methods' signatures:
 * domain records sent as {@code Response} entities, the event and outcome subtypes picked by their {@code type} /
 * {@code result} field, and the problem body written by the exception mappers. The JVM build does not need it.
 */
@RegisterForReflection(targets = {
        Settlement.class, Asset.class, StateTransition.class, Problem.class, ProblemCode.class,
        Json.AssetBody.class, Json.CreateSettlement.class, Json.Fail.class, Json.PageBody.class, Json.RecoveryBody.class,
        Json.UserLocked.class, Json.SolverLocked.class, Json.IbcTransferStarted.class, Json.IbcTransferComplete.class,
        Json.IbcTransferFailed.class, Json.Success.class, Json.Failure.class, Json.Timeout.class})
final class NativeReflection {
    private NativeReflection() {
    }
}
