import type { OrchestrationFunction } from "../actors/index.ts";
import type { ActivityContext } from "./activity-context.ts";
import { compareVersions } from "./versions.ts";

/** An activity: ordinary async code that may do I/O. Runs at least once per schedule. */
export type ActivityFunction<I = never, O = unknown> = (
  ctx: ActivityContext,
  input: I,
) => O | Promise<O>;

/** The version `register` uses. */
export const DEFAULT_VERSION = "1.0.0";

function requireRegistrationName(name: unknown, what: string): asserts name is string {
  if (typeof name !== "string" || name.length === 0) {
    throw new TypeError(`${what} name must be a non-empty string, got ${JSON.stringify(name)}`);
  }
}

function requireFunction(fn: unknown, what: string): void {
  if (typeof fn !== "function") throw new TypeError(`${what} must be a function, got ${typeof fn}`);
}

/** Every activity name of every {@link ActivityRegistry} built in this process. */
const activityNamesInProcess = new Set<string>();

/** Activities by name. Build with {@link ActivityRegistry.builder}. */
export class ActivityRegistry {
  readonly #activities: ReadonlyMap<string, ActivityFunction<never>>;

  private constructor(activities: ReadonlyMap<string, ActivityFunction<never>>) {
    this.#activities = activities;
    for (const name of activities.keys()) activityNamesInProcess.add(name);
  }

  /** Starts an empty registry builder. */
  static builder(): ActivityRegistryBuilder {
    return new ActivityRegistryBuilder((map) => new ActivityRegistry(map));
  }

  /**
   * True when any activity registry built in this process registers `name` (another runtime in
   * the process may run it); false means only a deploy elsewhere can bring it.
   */
  static isKnownInProcess(name: string): boolean {
    return activityNamesInProcess.has(name);
  }

  /** The activity registered as `name`, if any. */
  get(name: string): ActivityFunction<never> | undefined {
    return this.#activities.get(name);
  }

  /** Registered names, sorted. */
  names(): string[] {
    return [...this.#activities.keys()].sort();
  }
}

/** Collects activities; `build()` freezes them into an {@link ActivityRegistry}. */
export class ActivityRegistryBuilder {
  readonly #activities = new Map<string, ActivityFunction<never>>();
  readonly #build: (map: ReadonlyMap<string, ActivityFunction<never>>) => ActivityRegistry;

  /** @internal Use `ActivityRegistry.builder()`. */
  constructor(build: (map: ReadonlyMap<string, ActivityFunction<never>>) => ActivityRegistry) {
    this.#build = build;
  }

  /** Adds an activity; registering the same name twice throws `TypeError`. */
  register<I, O>(name: string, fn: ActivityFunction<I, O>): this {
    requireRegistrationName(name, "activity");
    requireFunction(fn, `activity "${name}"`);
    if (this.#activities.has(name)) {
      throw new TypeError(`activity "${name}" is already registered`);
    }
    this.#activities.set(name, fn as ActivityFunction<never>);
    return this;
  }

  build(): ActivityRegistry {
    return this.#build(new Map(this.#activities));
  }
}

/** Orchestrations by name and version. Build with {@link OrchestrationRegistry.builder}. */
export class OrchestrationRegistry {
  readonly #byName: ReadonlyMap<string, ReadonlyMap<string, OrchestrationFunction>>;

  private constructor(byName: ReadonlyMap<string, ReadonlyMap<string, OrchestrationFunction>>) {
    this.#byName = byName;
  }

  /** Starts an empty registry builder. */
  static builder(): OrchestrationRegistryBuilder {
    return new OrchestrationRegistryBuilder((map) => new OrchestrationRegistry(map));
  }

  /** The function for `name` at `version`, or at the latest version when `version` is omitted. */
  resolve(
    name: string,
    version?: string,
  ): { version: string; fn: OrchestrationFunction } | undefined {
    const versions = this.#byName.get(name);
    if (!versions) return undefined;
    const chosen = version ?? this.latestVersion(name);
    if (chosen === undefined) return undefined;
    const fn = versions.get(chosen);
    return fn ? { version: chosen, fn } : undefined;
  }

  /** The highest registered version of `name`. */
  latestVersion(name: string): string | undefined {
    const versions = this.#byName.get(name);
    if (!versions) return undefined;
    return [...versions.keys()].sort(compareVersions).at(-1);
  }

  /** Registered names, sorted. */
  names(): string[] {
    return [...this.#byName.keys()].sort();
  }
}

/** Collects orchestrations; `build()` freezes them into an {@link OrchestrationRegistry}. */
export class OrchestrationRegistryBuilder {
  readonly #byName = new Map<string, Map<string, OrchestrationFunction>>();
  readonly #build: (
    map: ReadonlyMap<string, ReadonlyMap<string, OrchestrationFunction>>,
  ) => OrchestrationRegistry;

  /** @internal Use `OrchestrationRegistry.builder()`. */
  constructor(
    build: (
      map: ReadonlyMap<string, ReadonlyMap<string, OrchestrationFunction>>,
    ) => OrchestrationRegistry,
  ) {
    this.#build = build;
  }

  /** Adds an orchestration as version "1.0.0". */
  register<I, O>(name: string, fn: OrchestrationFunction<I, O>): this {
    return this.registerVersioned(name, DEFAULT_VERSION, fn);
  }

  /** Adds one version of an orchestration; the same name and version twice throws `TypeError`. */
  registerVersioned<I, O>(name: string, version: string, fn: OrchestrationFunction<I, O>): this {
    requireRegistrationName(name, "orchestration");
    requireRegistrationName(version, `orchestration "${name}" version`);
    requireFunction(fn, `orchestration "${name}"`);
    const versions = this.#byName.get(name) ?? new Map<string, OrchestrationFunction>();
    if (versions.has(version)) {
      throw new TypeError(`orchestration "${name}" version ${version} is already registered`);
    }
    versions.set(version, fn as OrchestrationFunction);
    this.#byName.set(name, versions);
    return this;
  }

  build(): OrchestrationRegistry {
    const copy = new Map<string, ReadonlyMap<string, OrchestrationFunction>>();
    for (const [name, versions] of this.#byName) copy.set(name, new Map(versions));
    return this.#build(copy);
  }
}
