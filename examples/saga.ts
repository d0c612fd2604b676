/**
 * Saga: book a trip in steps (flight, hotel, car). Each step that succeeded registers its
 * compensation; when a later step fails, the orchestration undoes the done steps in reverse
 * order with ordinary try/catch, then fails with the original reason.
 *
 * Run: npx tsx examples/saga.ts [--store memory|file]
 */
import { ActivityRegistry, Client, OrchestrationRegistry, Runtime } from "../src/index.ts";
import { check, openExampleStore, runId } from "./support.ts";

interface Trip {
  traveller: string;
  /** The step whose provider will say no (for the demo). */
  failAt?: "flight" | "hotel" | "car";
}

const log: string[] = []; // what the "outside world" saw, in order

const book = (what: string) => async (_ctx: unknown, trip: Trip) => {
  if (trip.failAt === what) throw new Error(`no ${what} available`);
  log.push(`book ${what}`);
  return `${what}-${trip.traveller.toLowerCase()}-42`; // a booking reference
};
const cancel = (what: string) => async (_ctx: unknown, reference: string) => {
  log.push(`cancel ${what}`);
  return `cancelled ${reference}`;
};

const activities = ActivityRegistry.builder()
  .register("BookFlight", book("flight"))
  .register("BookHotel", book("hotel"))
  .register("BookCar", book("car"))
  .register("CancelFlight", cancel("flight"))
  .register("CancelHotel", cancel("hotel"))
  .register("CancelCar", cancel("car"))
  .build();

const steps = [
  { book: "BookFlight", compensate: "CancelFlight" },
  { book: "BookHotel", compensate: "CancelHotel" },
  { book: "BookCar", compensate: "CancelCar" },
];

const orchestrations = OrchestrationRegistry.builder()
  .register("BookTrip", async (ctx, trip: Trip) => {
    const compensations: { activity: string; reference: string }[] = [];
    try {
      for (const step of steps) {
        const reference = await ctx.scheduleActivity<string>(step.book, trip);
        compensations.push({ activity: step.compensate, reference });
      }
      return compensations.map((c) => c.reference);
    } catch (error) {
      ctx.traceInfo(`trip failed: ${(error as Error).message}; compensating`);
      for (const { activity, reference } of compensations.reverse()) {
        await ctx.scheduleActivity(activity, reference);
      }
      throw new Error(`trip not booked: ${(error as Error).message}`);
    }
  })
  .build();

const { store, where } = await openExampleStore("saga");
console.log(`saga with compensation on the ${where}`);
const rt = await Runtime.start(store, activities, orchestrations);
const client = new Client(store);

const okId = runId("trip-ok");
await client.startOrchestration(okId, "BookTrip", { traveller: "Ada" } satisfies Trip);
const ok = await client.waitForOrchestration(okId, 10_000);
console.log(
  `trip for Ada: ${ok.status}, output ${JSON.stringify(ok.status === "Completed" && ok.output)}`,
);
check(ok.status === "Completed", "Ada's trip was booked");
console.log(`  side effects: ${log.join(", ")}`);
log.length = 0;

const failId = runId("trip-fail");
await client.startOrchestration(failId, "BookTrip", {
  traveller: "Bob",
  failAt: "car",
} satisfies Trip);
const failed = await client.waitForOrchestration(failId, 10_000);
const reason = failed.status === "Failed" ? failed.error.message : "";
console.log(`trip for Bob: ${failed.status} (${reason})`);
console.log(`  side effects: ${log.join(", ")}`);
check(reason === "trip not booked: no car available", "Bob's trip failed at the car");
check(
  log.join(", ") === "book flight, book hotel, cancel hotel, cancel flight",
  "hotel and flight were cancelled, in reverse order",
);

await rt.shutdown();
await store.close();
