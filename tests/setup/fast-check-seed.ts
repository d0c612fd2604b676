/**
 * Property runs use a fresh random seed locally, so every run explores new cases. In CI
 * (`CI` set) they use one fixed seed, so a CI result can be reproduced exactly. `FC_SEED=<n>`
 * forces a seed anywhere (see README, "When a property test fails").
 */
import fc from "fast-check";

const CI_SEED = 20_261_124;
const fromEnv = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
const seed = fromEnv ?? (process.env.CI ? CI_SEED : undefined);
if (seed !== undefined && Number.isFinite(seed)) {
  fc.configureGlobal({ ...fc.readConfigureGlobal(), seed });
}
