import { startServerChild, type ServerChild } from './ingest-fixture.js';
import { WEBHOOK_PATH, type IngestServerConfig } from './ingest-server.protocol.js';
import { LoadTarget, type LoadTargetOptions, type LoadWindow } from './load-generator.js';

/** Keep-alive connections each server is loaded over. */
export const CONNECTIONS = 64;
/** Length of one measured window. */
export const WINDOW_MS = 2_000;

/** One server child under load, and what its measured windows saw. */
export interface Contender {
  child: ServerChild;
  target: LoadTarget;
  windows: LoadWindow[];
  /** Server CPU time (µs) and successes over the measured windows. */
  cpuMicros: number;
  answered: number;
}

/** Where a contender's child comes from and how it is loaded; the ingest suite's unless told. */
export interface ContenderArrangement {
  /** The child's script, beside this file. */
  script: string;
  /** Where requests without a path of their own go. */
  path: string;
  connections: number;
}

const INGEST_ARRANGEMENT: ContenderArrangement = {
  script: 'ingest-server.js',
  path: WEBHOOK_PATH,
  connections: CONNECTIONS,
};

/** Starts a server child and prepares its load (`load` builds the requests once the origin is known). */
export async function startContender(
  config: IngestServerConfig | { mode: string },
  load: (origin: string) => Promise<Omit<LoadTargetOptions, 'origin' | 'path' | 'connections'>>,
  started: Contender[],
  arrangement: ContenderArrangement = INGEST_ARRANGEMENT,
): Promise<Contender> {
  const child = await startServerChild(config, arrangement.script);
  let options: Awaited<ReturnType<typeof load>>;
  try {
    options = await load(child.origin);
  } catch (error) {
    await child.stop();
    throw error;
  }
  const target = new LoadTarget({
    ...options,
    origin: child.origin,
    path: arrangement.path,
    connections: arrangement.connections,
  });
  const contender: Contender = { child, target, windows: [], cpuMicros: 0, answered: 0 };
  started.push(contender);
  return contender;
}

/** One measured window, with the server's CPU time over it. */
export async function measureWindow(contender: Contender): Promise<void> {
  const before = await contender.child.cpuMicros();
  const window = await contender.target.run(WINDOW_MS);
  contender.cpuMicros += (await contender.child.cpuMicros()) - before;
  contender.answered += window.answered;
  contender.windows.push(window);
}

/** Closes the loads' connections and stops the children (idempotent). */
export async function stopAll(contenders: Contender[]): Promise<void> {
  await Promise.all(contenders.map((c) => c.target.close()));
  await Promise.all(contenders.splice(0).map((c) => c.child.stop()));
}
