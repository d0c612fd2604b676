import type { Provider } from "../../history/index.ts";

/** What a {@link ConformanceOptions.factory} returns: a fresh, empty store and its test hooks. */
export interface ConformanceSubject {
  /** A provider on an empty store. */
  provider: Provider;
  /**
   * Opens a new provider over the same data, after the suite has closed the previous one.
   * Provide it for persistent stores; the durability tests are skipped without it.
   */
  reopen?: () => Promise<Provider>;
  /**
   * Arms a failure: the provider's next storage write must fail (and so change nothing). The
   * atomicity tests are skipped without it.
   */
  failNextWrite?: () => void;
  /** Runs after each test, once the suite has closed its providers (remove temp dirs here). */
  dispose?: () => Promise<void>;
}

/** Options of {@link providerConformance}. */
export interface ConformanceOptions {
  /** Shown in the `describe` title. */
  name: string;
  /** Called before every test; must return a subject over an empty store. */
  factory: () => ConformanceSubject | Promise<ConformanceSubject>;
}

/** The per-test state the conformance tests work with. */
export class Harness {
  private subject: ConformanceSubject | undefined;
  private current: Provider | undefined;

  constructor(private readonly factory: ConformanceOptions["factory"]) {}

  /** The provider under test (the reopened one after {@link reopen}). */
  get provider(): Provider {
    if (this.current === undefined) throw new Error("no provider: setUp has not run");
    return this.current;
  }

  /** Whether the subject supports {@link reopen}. */
  get canReopen(): boolean {
    return this.subject?.reopen !== undefined;
  }

  /** Whether the subject supports {@link failNextWrite}. */
  get canFail(): boolean {
    return this.subject?.failNextWrite !== undefined;
  }

  /** Creates the subject (beforeEach). */
  async setUp(): Promise<void> {
    this.subject = await this.factory();
    this.current = await settled(this.subject.provider);
  }

  /** Closes the provider and disposes of the subject (afterEach). */
  async tearDown(): Promise<void> {
    await this.current?.close();
    await this.subject?.dispose?.();
    this.current = undefined;
    this.subject = undefined;
  }

  /** Closes the provider and opens a new one over the same data. */
  async reopen(): Promise<Provider> {
    const reopen = this.subject?.reopen;
    if (reopen === undefined) throw new Error("this subject cannot reopen");
    await this.current?.close();
    this.current = await settled(await reopen());
    return this.current;
  }

  /** Makes the next storage write fail. */
  failNextWrite(): void {
    const fail = this.subject?.failNextWrite;
    if (fail === undefined) throw new Error("this subject cannot inject failures");
    fail();
  }
}

/** Waits until a provider has finished opening (any writes it makes on open are done). */
async function settled(provider: Provider): Promise<Provider> {
  await provider.queueDepths();
  return provider;
}
