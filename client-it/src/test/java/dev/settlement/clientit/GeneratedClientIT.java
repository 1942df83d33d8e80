package dev.settlement.clientit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.settlement.client.ApiClient;
import dev.settlement.client.ApiException;
import dev.settlement.client.ApiResponse;
import dev.settlement.client.api.RecoveryApi;
import dev.settlement.client.api.SettlementsApi;
import dev.settlement.client.model.AssetInput;
import dev.settlement.client.model.CreateSettlement;
import dev.settlement.client.model.ErrorCode;
import dev.settlement.client.model.Event;
import dev.settlement.client.model.FailRequest;
import dev.settlement.client.model.IbcTransferStartedEvent;
import dev.settlement.client.model.Outcome;
import dev.settlement.client.model.Problem;
import dev.settlement.client.model.RecoveryReport;
import dev.settlement.client.model.Settlement;
import dev.settlement.client.model.SettlementPage;
import dev.settlement.client.model.SettlementStatus;
import dev.settlement.client.model.SolverLockedEvent;
import dev.settlement.client.model.StateTransition;
import dev.settlement.client.model.SuccessOutcome;
import dev.settlement.client.model.UserLockedEvent;
import dev.settlement.testing.ServiceProcess;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Java client OpenAPI Generator made from docs/openapi.yaml, driven against the packaged service: the walk-through
 * of the README through generated code only. The only configuration is the base URL (authentication is off here, so
 * no token). A document that says something the service does not do fails here: a wrong type breaks (de)serialization,
 * a wrong status or header breaks the assertions.
 */
class GeneratedClientIT {
    /** 2^128-1, the largest amount the contract allows: no JSON number survives it in most clients. */
    private static final String MAX_UINT128 = "340282366920938463463374607431768211455";

    @TempDir
    static Path dir;
    private static ServiceProcess service;
    private static ApiClient client;
    private static SettlementsApi settlements;

    @BeforeAll
    static void start() throws Exception {
        service = ServiceProcess.start(Path.of(System.getProperty("client.jar")), dir.resolve("service.log"),
                List.of("-Dsettlement.store=sqlite", "-Dsettlement.sqlite.path=" + dir.resolve("settlements.db"),
                        "-Dsettlement.auto-recovery.enabled=false"));
        client = new ApiClient();
        client.updateBaseUri(service.baseUrl());
        settlements = new SettlementsApi(client);
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
    }

    @Test
    void theServedDocumentIsTheOneTheClientWasGeneratedFrom() throws Exception {
        HttpResponse<String> served = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(service.baseUrl() + "/q/openapi")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(served.statusCode()).isEqualTo(200);
        ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
        JsonNode generatedFrom = yaml.readTree(Files.readString(Path.of(System.getProperty("client.document"))));
        assertThat(yaml.readTree(served.body())).isEqualTo(generatedFrom);
    }

    @Test
    void walkThroughTheLifecycle() throws Exception {
        ApiResponse<Settlement> created = settlements.createSettlementWithHttpInfo(newSettlement("walk-1", "intent-walk-1",
                "solver-walk").inputAsset(asset("cosmoshub-4", "uatom", MAX_UINT128)));
        assertThat(created.getStatusCode()).isEqualTo(201);
        assertThat(created.getHeaders()).containsEntry("location", List.of(service.baseUrl() + "/settlements/walk-1"))
                .containsEntry("etag", List.of("\"1\""));
        assertThat(created.getData().getStatus()).isEqualTo(SettlementStatus.PENDING);
        assertThat(created.getData().getInputAsset().getAmount()).isEqualTo(MAX_UINT128);
        assertThat(created.getData().getSolverBondId()).isNull();

        ApiResponse<Settlement> read = settlements.getSettlementWithHttpInfo("walk-1");
        assertThat(read.getHeaders()).containsEntry("etag", List.of("\"1\""));
        assertThat(read.getData().getInputAsset().getAmount()).isEqualTo(MAX_UINT128);

        Settlement locked = settlements.sendSettlementEvent("walk-1", new Event(new UserLockedEvent()
                .type(UserLockedEvent.TypeEnum.USER_LOCKED).escrowId("escrow-1").txHash("0xabc")), "\"1\"");
        assertThat(locked.getStatus()).isEqualTo(SettlementStatus.USER_LOCKED);
        assertThat(locked.getEscrowId()).isEqualTo("escrow-1");
        Settlement bonded = settlements.sendSettlementEvent("walk-1", new Event(new SolverLockedEvent()
                .type(SolverLockedEvent.TypeEnum.SOLVER_LOCKED).bondId("bond-1")), null);
        assertThat(bonded.getSolverBondId()).isEqualTo("bond-1");
        Settlement executing = settlements.sendSettlementEvent("walk-1", new Event(new IbcTransferStartedEvent()
                .type(IbcTransferStartedEvent.TypeEnum.IBC_TRANSFER_STARTED).sequence(Long.MAX_VALUE)), null);
        assertThat(executing.getStatus()).isEqualTo(SettlementStatus.EXECUTING);
        assertThat(executing.getIbcPacketSequence()).isEqualTo(Long.MAX_VALUE);
        assertThat(executing.getVersion()).isEqualTo(4L);

        Outcome success = new Outcome(new SuccessOutcome().result(SuccessOutcome.ResultEnum.SUCCESS)
                .outputDelivered(MAX_UINT128).txHash("0xdef"));
        ApiException stale = catchThrowableOfType(ApiException.class,
                () -> settlements.completeSettlement("walk-1", success, "\"3\""));
        assertThat(stale.getCode()).isEqualTo(412);
        assertThat(problem(stale).getCode()).isEqualTo(ErrorCode.VERSION_CONFLICT);

        ApiResponse<Settlement> complete = settlements.completeSettlementWithHttpInfo("walk-1", success, "\"4\"");
        assertThat(complete.getStatusCode()).isEqualTo(200);
        assertThat(complete.getHeaders()).containsEntry("etag", List.of("\"5\""));
        assertThat(complete.getData().getStatus()).isEqualTo(SettlementStatus.COMPLETE);
        assertThat(complete.getData().getCompletedAt()).isNotNull();
        // a replay answers with the record as it is, even under the stale If-Match
        assertThat(settlements.completeSettlement("walk-1", success, "\"3\"").getVersion()).isEqualTo(5L);

        List<StateTransition> history = settlements.getSettlementHistory("walk-1");
        assertThat(history).extracting(StateTransition::getSequence).containsExactly(1, 2, 3, 4);
        assertThat(history).extracting(StateTransition::getToStatus).containsExactly(SettlementStatus.USER_LOCKED,
                SettlementStatus.SOLVER_LOCKED, SettlementStatus.EXECUTING, SettlementStatus.COMPLETE);
        assertThat(history.get(0).getTxHash()).isEqualTo("0xabc");
        assertThat(history.get(1).getTxHash()).isNull();
        assertThat(history.get(3).getDetails()).contains(MAX_UINT128);
        assertThat(history).extracting(StateTransition::getActor).containsOnly("anonymous");

        assertThat(settlements.getNewestSettlementOfIntent("intent-walk-1").getId()).isEqualTo("walk-1");

        ApiException duplicate = catchThrowableOfType(ApiException.class, () -> settlements.createSettlement(
                newSettlement("walk-1", "intent-walk-2", "solver-walk")));
        assertThat(duplicate.getCode()).isEqualTo(409);
        assertThat(problem(duplicate).getCode()).isEqualTo(ErrorCode.DUPLICATE_ID);
        ApiException finished = catchThrowableOfType(ApiException.class, () -> settlements.failSettlement("walk-1",
                new FailRequest().reason("too late"), null));
        assertThat(finished.getCode()).isEqualTo(409);
        assertThat(problem(finished).getCode()).isEqualTo(ErrorCode.INVALID_STATE_TRANSITION);

        ApiException missing = catchThrowableOfType(ApiException.class, () -> settlements.getSettlement("no-such"));
        assertThat(missing.getCode()).isEqualTo(404);
        Problem notFound = problem(missing);
        assertThat(notFound.getCode()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(notFound.getStatus()).isEqualTo(404);
        assertThat(notFound.getDetail()).contains("no-such");

        ApiException invalid = catchThrowableOfType(ApiException.class, () -> settlements.createSettlement(
                newSettlement("walk-3", "intent-walk-3", "solver-walk").userAddress("has space")));
        assertThat(invalid.getCode()).isEqualTo(400);
        assertThat(problem(invalid).getCode()).isEqualTo(ErrorCode.VALIDATION_FAILED);
        assertThat(problem(invalid).getErrors()).containsKey("userAddress");
    }

    @Test
    void listBySolverAndStatusPageByPage() throws Exception {
        List<String> pending = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            Settlement created = settlements.createSettlement(newSettlement("page-" + i, "intent-page-" + i,
                    "solver-page"));
            if (i % 2 == 0) {
                settlements.sendSettlementEvent(created.getId(), new Event(new UserLockedEvent()
                        .type(UserLockedEvent.TypeEnum.USER_LOCKED).escrowId("escrow-" + i)), null);
            } else {
                pending.add(created.getId());
            }
        }
        settlements.createSettlement(newSettlement("other-1", "intent-other-1", "solver-other"));
        settlements.failSettlement("page-5", new FailRequest().reason("given up"), null);
        pending.remove("page-5");

        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            SettlementPage page = settlements.listSettlements(null, "solver-page", SettlementStatus.PENDING, null,
                    cursor, 1);
            page.getItems().forEach(s -> {
                assertThat(s.getSolverId()).isEqualTo("solver-page");
                assertThat(s.getStatus()).isEqualTo(SettlementStatus.PENDING);
                seen.add(s.getId());
            });
            cursor = page.getNextCursor();
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(seen).containsExactlyElementsOf(pending);

        SettlementPage locked = settlements.listSettlements(null, "solver-page", SettlementStatus.USER_LOCKED, null,
                null, 100);
        assertThat(locked.getItems()).extracting(Settlement::getId).containsExactly("page-2", "page-4");
        assertThat(locked.getNextCursor()).isNull();
        assertThat(settlements.listSettlements(null, null, SettlementStatus.FAILED, null, null, null).getItems())
                .extracting(Settlement::getErrorMessage).containsExactly("given up");

        ApiException badLimit = catchThrowableOfType(ApiException.class, () -> settlements.listSettlements(null,
                "solver-page", null, null, null, 1001));
        assertThat(badLimit.getCode()).isEqualTo(400);
        assertThat(problem(badLimit).getCode()).isEqualTo(ErrorCode.VALIDATION_FAILED);

        long farFuture = System.currentTimeMillis() / 1000 + 10L * 365 * 24 * 3600;
        SettlementPage stuck = settlements.listStuckSettlements(farFuture, null, 1000);
        assertThat(stuck.getItems()).extracting(Settlement::getId).contains("page-1", "page-2", "other-1")
                .doesNotContain("page-5");
        RecoveryReport recovery = new RecoveryApi(client).runRecovery();
        assertThat(recovery.getExamined()).isGreaterThanOrEqualTo(0); // nothing has expired yet: none timed out
        assertThat(recovery.getTimedOut()).isZero();
    }

    private static CreateSettlement newSettlement(String id, String intentId, String solverId) {
        return new CreateSettlement().id(id).intentId(intentId).solverId(solverId).userAddress("cosmos1user")
                .inputAsset(asset("cosmoshub-4", "uatom", "1000000"))
                .outputAsset(asset("osmosis-1", "uosmo", "5000000"));
    }

    private static AssetInput asset(String chainId, String denom, String amount) {
        return new AssetInput().chainId(chainId).denom(denom).amount(amount);
    }

    /** The problem details of a refused call, read with the generated client's own mapper into its Problem type. */
    private static Problem problem(ApiException e) throws Exception {
        return client.getObjectMapper().readValue(e.getResponseBody(), Problem.class);
    }
}
