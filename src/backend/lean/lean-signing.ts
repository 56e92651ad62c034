import { AwsSdkSigV4Signer } from '@aws-sdk/core/httpAuthSchemes';
import type { HttpRequest, HttpResponse } from '@smithy/core/protocols';
import type { LeanEndpoint, LeanSigner, SqsClientConfig } from './lean-setup';

/** A SigV4 signer as the client's `signer` provider makes them (`SignatureV4`). */
type RequestSigner = Awaited<ReturnType<SqsClientConfig['signer']>>;

/** A signed request, as the client's request handler takes it. */
type SignedRequest = ReturnType<LeanSigner['sign']>;

/** What one attempt's signing leaves for the handlers that run after the answer. */
export type SigningProperties = Record<string, unknown>;

/**
 * SigV4 signing of lean calls by the client's own pieces: the `SignatureV4` its `signer`
 * provider makes (its credential provider chain, region, service, `signerConstructor`), and the
 * clock-skew handling of its `aws.auth#sigv4` scheme (`AwsSdkSigV4Signer`).
 *
 * The SDK's scheme asks the provider for a new `SignatureV4` on every attempt, copying the whole
 * client config into it; that was a sixth of a lean call's CPU. Here the `SignatureV4` is made
 * once, and the scheme's own `sign` is restated around it: the signing date corrected by the
 * client's `systemClockOffset`, and the sampling fields its success and error handlers read.
 * A scheme signer of another class (a user's own) is called as it is, on every attempt.
 */
export class LeanSigning {
  private constructor(
    private readonly config: SqsClientConfig,
    private readonly scheme: LeanSigner,
    private readonly signer: RequestSigner | undefined,
    private readonly skewCorrection: boolean,
    private readonly context: { readonly endpointV2: LeanEndpoint },
    private readonly region: string,
  ) {}

  static async resolve(
    config: SqsClientConfig,
    scheme: LeanSigner,
    endpoint: LeanEndpoint,
    region: string,
  ): Promise<LeanSigning> {
    const context = { endpointV2: endpoint };
    if (!(scheme instanceof AwsSdkSigV4Signer)) {
      return new LeanSigning(config, scheme, undefined, false, context, region);
    }
    // The scheme passes the endpoint's first auth scheme (none in SQS's rules) to the provider.
    const signer = await config.signer(endpoint.properties?.authSchemes?.[0]);
    const skewCorrection = (await config.disableClockSkewCorrection()) !== true;
    return new LeanSigning(config, scheme, signer, skewCorrection, context, region);
  }

  /** Fresh signing properties for one attempt (the handlers keep per-attempt state in them). */
  properties(): SigningProperties {
    return { name: 'sqs', region: this.region, config: this.config, context: this.context };
  }

  /** Signs `request` (a signed copy; `request` is left as it is). */
  sign(request: HttpRequest, identity: unknown, props: SigningProperties): SignedRequest {
    if (!this.signer) return this.scheme.sign(request, identity as never, props);
    props._disableClockSkewCorrection = !this.skewCorrection;
    props._skipClockSkewSampling = !this.skewCorrection;
    let signingDate: Date;
    if (this.skewCorrection) {
      props._preRequestSystemClockOffset = this.config.systemClockOffset;
      props._requestSentAt = Date.now();
      signingDate = new Date(Date.now() + this.config.systemClockOffset);
    } else {
      signingDate = new Date();
    }
    return this.signer.sign(request, { signingDate });
  }

  /** The scheme's error handler: samples the server's clock from a failure, then rethrows. */
  failed(error: unknown, props: SigningProperties): never {
    this.scheme.errorHandler?.(props)(error as Error);
    throw error;
  }

  /** The scheme's success handler: samples the server's clock from the answer's `Date`. */
  succeeded(response: HttpResponse, props: SigningProperties): void {
    this.scheme.successHandler?.(response, props);
  }
}
