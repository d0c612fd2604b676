/**
 * Child process of S8 on classic-level: opens the store in `dir`, starts a runtime and `count`
 * "Recover" instances, and runs until the parent kills it with SIGKILL.
 * Usage: recovery-child.ts <dir> <logFile> <count>
 */
import { Client, LevelProvider, Runtime, silentLogger } from "../../src/index.ts";
import { fileRecorder, recoveryIds, recoveryRegistries } from "./recovery-workload.ts";

const [dir, logFile, countText] = process.argv.slice(2);
const store = await LevelProvider.open(dir!);
const { activities, orchestrations } = recoveryRegistries(fileRecorder(logFile!));
await Runtime.start(store, activities, orchestrations, { logger: silentLogger });
const client = new Client(store);
await Promise.all(
  recoveryIds(Number(countText)).map((id) => client.startOrchestration(id, "Recover")),
);
setInterval(() => {}, 1_000);
