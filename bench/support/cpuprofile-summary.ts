/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by function and by file, and
 * inclusive time by function (each function counted once per sample stack).
 * Usage: `npx tsx bench/support/cpuprofile-summary.ts <file.cpuprofile> [top=25] [match]`; with
 * `match`, also the call paths (3 frames up) through which functions whose name contains it spent
 * their inclusive time.
 */
import { readFileSync } from "node:fs";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self and inclusive milliseconds per function, and self per file. */
export interface ProfileSummary {
  totalMs: number;
  selfByFunction: Map<string, number>;
  selfByFile: Map<string, number>;
  inclusiveByFunction: Map<string, number>;
}

function shortUrl(url: string): string {
  if (url === "") return "(native)";
  const clean = url.replace(/^file:\/\//, "");
  const at = clean.indexOf("/node_modules/");
  if (at >= 0) return clean.slice(at + 1);
  const main = clean.indexOf("/work/main/");
  return main >= 0 ? clean.slice(main + "/work/main/".length) : clean;
}

function nameOf(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  return `${functionName || "(anonymous)"} ${shortUrl(url)}:${lineNumber + 1}`;
}

/** Inclusive ms of functions matching `match`, keyed by their three nearest callers. */
export function callersOf(profile: CpuProfile, match: string): Map<string, number> {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const paths = new Map<string, number>();
  profile.samples.forEach((id, index) => {
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at);
      if (!frame) break;
      if (!nameOf(frame).includes(match)) continue;
      const chain = [nameOf(frame)];
      for (let up = parent.get(at); up !== undefined && chain.length < 4; up = parent.get(up)) {
        const caller = byId.get(up);
        if (caller) chain.push(nameOf(caller).replace(/:\d+$/, ""));
      }
      const key = chain.join(" <- ");
      paths.set(key, (paths.get(key) ?? 0) + ms);
      break;
    }
  });
  return paths;
}

/** Aggregates a parsed profile. */
export function summarise(profile: CpuProfile): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const add = (map: Map<string, number>, key: string, ms: number) =>
    map.set(key, (map.get(key) ?? 0) + ms);
  const summary: ProfileSummary = {
    totalMs: 0,
    selfByFunction: new Map(),
    selfByFile: new Map(),
    inclusiveByFunction: new Map(),
  };
  profile.samples.forEach((id, index) => {
    const ms = (profile.timeDeltas[index] ?? 0) / 1000;
    const node = byId.get(id);
    if (!node) return;
    summary.totalMs += ms;
    add(summary.selfByFunction, nameOf(node), ms);
    add(summary.selfByFile, shortUrl(node.callFrame.url), ms);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at);
      if (!frame) break;
      const name = nameOf(frame);
      if (!seen.has(name)) {
        seen.add(name);
        add(summary.inclusiveByFunction, name, ms);
      }
    }
  });
  return summary;
}

function top(map: Map<string, number>, total: number, count: number): string[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(
      ([name, ms]) =>
        `${ms.toFixed(0).padStart(7)} ms ${((100 * ms) / total).toFixed(1).padStart(5)}%  ${name}`,
    );
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [file, countText, match] = process.argv.slice(2);
  if (!file) {
    console.error("usage: cpuprofile-summary.ts <file.cpuprofile> [top]");
    process.exit(2);
  }
  const count = Number(countText ?? 25);
  const profile = JSON.parse(readFileSync(file, "utf8")) as CpuProfile;
  if (match !== undefined) {
    const paths = callersOf(profile, match);
    const total = [...paths.values()].reduce((a, b) => a + b, 0);
    console.log(`"${match}": ${total.toFixed(0)} ms inclusive, by caller path:`);
    console.log(top(paths, total, count).join("\n"));
    process.exit(0);
  }
  const summary = summarise(profile);
  console.log(`total ${summary.totalMs.toFixed(0)} ms sampled`);
  console.log("\nself time by file:");
  console.log(top(summary.selfByFile, summary.totalMs, count).join("\n"));
  console.log("\nself time by function:");
  console.log(top(summary.selfByFunction, summary.totalMs, count).join("\n"));
  console.log("\ninclusive time by function:");
  console.log(top(summary.inclusiveByFunction, summary.totalMs, count).join("\n"));
}
