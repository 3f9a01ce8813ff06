// Reads a V8 `.cpuprofile` (what `node --cpu-prof`, and so `BENCH_CPU_PROF=<dir>`, writes) and
// splits its time by package: the self time of each package's frames, and the time spent in or
// under them (inclusive), so that "what does class-validator cost per request" is one lookup.

/** One call-tree node of a `.cpuprofile`. */
export interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** The parts of a `.cpuprofile` read here. */
export interface CpuProfile {
  nodes: CpuProfileNode[];
  startTime: number;
  endTime: number;
  /** The node sampled at each tick. */
  samples: number[];
  /** µs since the previous sample, one per sample. */
  timeDeltas: number[];
}

/** Time of one package or frame, µs. */
export interface TimeShare {
  name: string;
  micros: number;
}

/** A profile split by package and by frame. */
export interface ProfileSummary {
  /** Sampled time in all, µs (idle included). */
  totalMicros: number;
  /** The `(idle)` share: the thread waiting for I/O. */
  idleMicros: number;
  /** Self time per package, largest first. */
  selfByPackage: TimeShare[];
  /** Time in or under each package's frames, largest first (a sample counts once per package). */
  inclusiveByPackage: TimeShare[];
  /** Self time per frame (`function package:line`), largest first. */
  selfByFrame: TimeShare[];
  /** Time in or under frames whose function name matches the `under` pattern, by function name. */
  underFrames: TimeShare[];
}

/** Frames V8 names in parentheses: `(idle)`, `(program)`, `(garbage collector)`, `(root)`. */
const V8_PSEUDO_FRAME = /^\(.+\)$/;
/** The last `node_modules/<name>` or `node_modules/@scope/<name>` of a URL. */
const NODE_MODULES_PACKAGE = /.*\/node_modules\/((?:@[^/]+\/)?[^/]+)\//;
/** Our own code, by workspace folder (`libs/webhooks`, `apps/api`, `tools/bench`). */
const WORKSPACE_PROJECT = /\/((?:libs|apps|tools)\/[^/]+)\//;

/**
 * The package a frame belongs to: an npm package by name, a workspace project by folder, `node`
 * for Node's own JavaScript, `(native)` for V8 built-ins and bindings without a script (`writev`,
 * `JSON.parse`), and V8's pseudo-frames by their own name.
 */
export function packageOf(frame: CpuProfileNode['callFrame']): string {
  if (V8_PSEUDO_FRAME.test(frame.functionName) && frame.url === '') return frame.functionName;
  const url = frame.url;
  if (url === '') return '(native)';
  if (url.startsWith('node:')) return 'node';
  const dependency = NODE_MODULES_PACKAGE.exec(url);
  if (dependency) return dependency[1]!;
  const project = WORKSPACE_PROJECT.exec(url);
  return project ? project[1]! : url;
}

/**
 * Splits `profile`'s sampled time by package and by frame; `under` names frames (by function name)
 * whose inclusive time is wanted as well (`ValidationPipe.transform`: what validation costs in all).
 */
export function summariseProfile(profile: CpuProfile, under?: RegExp): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parentOf.set(child, node.id);
  // What each node's stack holds from itself up to the root (its packages, and its frames matching
  // `under`), computed once per node rather than per sample.
  const stacks = new Map<number, { packages: Set<string>; frames: Set<string> }>();
  const stackOf = (id: number): { packages: Set<string>; frames: Set<string> } => {
    const known = stacks.get(id);
    if (known) return known;
    const path: number[] = [];
    let current: number | undefined = id;
    while (current !== undefined && !stacks.has(current)) {
      path.push(current);
      current = parentOf.get(current);
    }
    let stack =
      current === undefined
        ? { packages: new Set<string>(), frames: new Set<string>() }
        : stacks.get(current)!;
    for (const node of path.reverse()) {
      const frame = byId.get(node)!.callFrame;
      const matches = under?.test(frame.functionName) ?? false;
      stack = {
        packages: new Set(stack.packages).add(packageOf(frame)),
        frames: matches ? new Set(stack.frames).add(frame.functionName) : stack.frames,
      };
      stacks.set(node, stack);
    }
    return stack;
  };
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const frames = new Map<string, number>();
  const underFrames = new Map<string, number>();
  let totalMicros = 0;
  profile.samples.forEach((id, index) => {
    const micros = profile.timeDeltas[index] ?? 0;
    const frame = byId.get(id)!.callFrame;
    const name = packageOf(frame);
    totalMicros += micros;
    add(self, name, micros);
    add(frames, `${frame.functionName || '(anonymous)'} ${name}:${frame.lineNumber + 1}`, micros);
    const stack = stackOf(id);
    for (const name of stack.packages) add(inclusive, name, micros);
    for (const name of stack.frames) add(underFrames, name, micros);
  });
  return {
    totalMicros,
    idleMicros: self.get('(idle)') ?? 0,
    selfByPackage: sorted(self),
    inclusiveByPackage: sorted(inclusive),
    selfByFrame: sorted(frames),
    underFrames: sorted(underFrames),
  };
}

function add(totals: Map<string, number>, name: string, micros: number): void {
  totals.set(name, (totals.get(name) ?? 0) + micros);
}

function sorted(totals: Map<string, number>): TimeShare[] {
  return [...totals].map(([name, micros]) => ({ name, micros })).sort((a, b) => b.micros - a.micros);
}
