import type {
  LeanEndpoint,
  LeanHttpRequest,
  LeanHttpResponse,
  LeanSigner,
  SqsClientConfig,
} from './lean-sdk';

/** A SigV4 signer as the client's `signer` provider makes them (`SignatureV4`). */
type RequestSigner = Awaited<ReturnType<SqsClientConfig['signer']>>;

/** What one attempt's signing leaves for the handlers that run after the answer. */
export type SigningProperties = Record<string, unknown>;

/** A `SignatureV4` and what it was made from. */
interface BuiltSigner {
  readonly credentials: SqsClientConfig['credentials'];
  readonly provider: SqsClientConfig['signer'];
  readonly signer: Promise<RequestSigner>;
}

/**
 * SigV4 signing of lean calls by the client's own pieces: the `SignatureV4` its `signer`
 * provider makes (its credential provider chain, region, service, `signerConstructor`), and the
 * clock-skew handling of its `aws.auth#sigv4` scheme (`AwsSdkSigV4Signer`; a client with a
 * scheme signer of another class is left to the SDK, see `lean-client-check.ts`).
 *
 * The SDK's scheme asks the provider for a new `SignatureV4` on every attempt, copying the whole
 * client config into it; that was a sixth of a lean call's CPU. Here a `SignatureV4` is kept
 * for as long as what it was made from stays: the client's `credentials` provider (a setter of
 * `@aws-sdk/core` replaces it when credentials are assigned to the client) and its `signer`
 * provider. The scheme's own `sign` is restated around it: the signing date corrected by the
 * client's `systemClockOffset`, and the sampling fields its success and error handlers read.
 */
export class LeanSigning {
  private built: BuiltSigner | undefined;

  private constructor(
    private readonly config: SqsClientConfig,
    private readonly scheme: LeanSigner,
    private readonly skewCorrection: boolean,
    private readonly context: { readonly endpointV2: LeanEndpoint },
    private readonly region: string,
  ) {}

  /**
   * The signing of a client whose `aws.auth#sigv4` signer is `scheme`, for calls to `endpoint`;
   * rejects as the client's providers do when its first `SignatureV4` cannot be made.
   */
  static async resolve(
    config: SqsClientConfig,
    scheme: LeanSigner,
    endpoint: LeanEndpoint,
    region: string,
  ): Promise<LeanSigning> {
    const skewCorrection = (await config.disableClockSkewCorrection()) !== true;
    const signing = new LeanSigning(
      config,
      scheme,
      skewCorrection,
      { endpointV2: endpoint },
      region,
    );
    await signing.requestSigner();
    return signing;
  }

  /** Fresh signing properties for one attempt (the handlers keep per-attempt state in them). */
  properties(): SigningProperties {
    return { name: 'sqs', region: this.region, config: this.config, context: this.context };
  }

  /** Signs `request` (a signed copy; `request` is left as it is). */
  async sign(request: LeanHttpRequest, props: SigningProperties): Promise<LeanHttpRequest> {
    const signer = await this.requestSigner();
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
    return signer.sign(request, { signingDate });
  }

  /** The scheme's error handler: samples the server's clock from a failure, then rethrows. */
  failed(error: unknown, props: SigningProperties): never {
    this.scheme.errorHandler?.(props)(error as Error);
    throw error;
  }

  /** The scheme's success handler: samples the server's clock from the answer's `Date`. */
  succeeded(response: LeanHttpResponse, props: SigningProperties): void {
    this.scheme.successHandler?.(response, props);
  }

  /**
   * The client's `SignatureV4`, made again when its `credentials` or `signer` provider has been
   * replaced (as the SDK, which makes one per attempt, would sign with the new ones).
   */
  private requestSigner(): Promise<RequestSigner> {
    const { credentials, signer: provider } = this.config;
    const built = this.built;
    if (built && built.credentials === credentials && built.provider === provider) {
      return built.signer;
    }
    // The scheme passes the endpoint's first auth scheme (none in SQS's rules) to the provider.
    const signer = provider(this.context.endpointV2.properties?.authSchemes?.[0]);
    const entry: BuiltSigner = { credentials, provider, signer };
    this.built = entry;
    // A provider that failed is asked again by the next attempt, as the SDK would.
    signer.catch(() => {
      if (this.built === entry) this.built = undefined;
    });
    return signer;
  }
}
