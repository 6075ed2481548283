package io.serialtrace.ingest.intake;

import io.serialtrace.ingest.security.Caller;
import io.serialtrace.ingest.security.SigningFreshness;
import io.serialtrace.ingest.security.SigningTokens;
import io.serialtrace.schemas.ProductionEvent;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import org.jboss.logging.Logger;

/**
 * Re-authentication at the moment of signing (21 CFR 11.200): the signing token must be fresh
 * ({@link SigningFreshness}) and is then claimed as used, once, for this event's bytes ({@link
 * SigningTokens}, blocking, so on {@code blocking}).
 */
final class SignatureCheck {
  private static final Logger LOG = Logger.getLogger(SignatureCheck.class);

  private final SigningTokens signingTokens;
  private final Executor blocking;
  private final Duration maxAge;

  SignatureCheck(SigningTokens signingTokens, Executor blocking, Duration maxAge) {
    this.signingTokens = signingTokens;
    this.blocking = blocking;
    this.maxAge = maxAge;
  }

  /** Empty when the signature may be stored; otherwise why not (nothing is stored). */
  CompletionStage<Optional<IntakeOutcome>> check(
      Caller caller, Instant received, ProductionEvent signature) {
    return switch (SigningFreshness.check(caller, received, maxAge)) {
      case SigningFreshness.Verdict.Stale stale ->
          refused(new IntakeOutcome.SigningTokenStale(stale.error(), maxAge));
      case SigningFreshness.Verdict.Fresh fresh ->
          CompletableFuture.supplyAsync(() -> claim(fresh.tokenId(), caller, signature), blocking)
              .handle(
                  (claim, failure) -> {
                    if (failure != null) {
                      LOG.errorf(failure, "Signing token ledger unavailable");
                      return Optional.of(new IntakeOutcome.SigningLedgerUnavailable());
                    }
                    return switch (claim) {
                      case SigningTokens.Claim.Granted granted -> Optional.empty();
                      case SigningTokens.Claim.AlreadyUsed used ->
                          Optional.of(new IntakeOutcome.SigningTokenReused(used.byEvent(), maxAge));
                    };
                  });
    };
  }

  private SigningTokens.Claim claim(String tokenId, Caller caller, ProductionEvent signed) {
    byte[] raw = new byte[signed.getRawPayload().remaining()];
    signed.getRawPayload().duplicate().get(raw);
    try {
      String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
      return signingTokens.claim(tokenId, caller.subject(), signed.getEventId(), sha256);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available", e);
    } catch (SQLException e) {
      throw new CompletionException(
          "Cannot record the signing token as used: " + e.getMessage(), e);
    }
  }

  private static CompletionStage<Optional<IntakeOutcome>> refused(IntakeOutcome why) {
    return CompletableFuture.completedFuture(Optional.of(why));
  }
}
