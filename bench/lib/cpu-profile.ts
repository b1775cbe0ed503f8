import { resolve } from 'node:path';
import type { CpuProfile } from './inspector.ts';

const REPO_ROOT = `file://${resolve(import.meta.dirname, '../..')}/`;

type ProfileNode = CpuProfile['nodes'][number];
type Frame = ProfileNode['callFrame'];

/** Where a frame's code lives: an npm package, a file of Nexo, Node itself, or V8's own buckets. */
export function origin(frame: Frame): string {
  const { url, functionName } = frame;
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  const packageAt = url.lastIndexOf('/node_modules/');
  if (packageAt >= 0) {
    const [scope, name] = url.slice(packageAt + '/node_modules/'.length).split('/');
    return scope!.startsWith('@') ? `${scope}/${name}` : scope!;
  }
  if (url.startsWith(REPO_ROOT)) return url.slice(REPO_ROOT.length);
  if (url.startsWith('node:')) return 'node (core)';
  return url;
}

export function frameName(frame: Frame): string {
  return `${frame.functionName || '(anonymous)'} ${origin(frame)}:${frame.lineNumber + 1}`;
}

export interface ProfileSummary {
  /** Length of the profiled window, ms. */
  wallMs: number;
  /** Sampled time not idle, ms (what the process spent on the CPU, JavaScript or not). */
  busyMs: number;
  /** Self time per origin (package or file), busiest first. */
  byOrigin: { origin: string; ms: number; share: number }[];
  /** Self time per function, busiest first. */
  topFunctions: { name: string; ms: number; share: number }[];
}

/** Self time per sample attributed by hit counts over the profile's wall time (V8 samples at a fixed interval). */
export function summarizeProfile(profile: CpuProfile, top = 15): ProfileSummary {
  const wallMs = (profile.endTime - profile.startTime) / 1000;
  const hits = profile.nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0) || 1;
  const msPerHit = wallMs / hits;
  const idle = profile.nodes.filter((node) => node.callFrame.functionName === '(idle)').reduce((sum, node) => sum + (node.hitCount ?? 0), 0);
  const busyMs = (hits - idle) * msPerHit;
  const byOrigin = new Map<string, number>();
  const byFunction = new Map<string, number>();
  for (const node of profile.nodes) {
    if (!node.hitCount || node.callFrame.functionName === '(idle)') continue;
    const ms = node.hitCount * msPerHit;
    byOrigin.set(origin(node.callFrame), (byOrigin.get(origin(node.callFrame)) ?? 0) + ms);
    byFunction.set(frameName(node.callFrame), (byFunction.get(frameName(node.callFrame)) ?? 0) + ms);
  }
  const ranked = (totals: Map<string, number>) =>
    [...totals].sort((a, b) => b[1] - a[1]).slice(0, top).map(([key, ms]) => ({ key, ms, share: busyMs ? ms / busyMs : 0 }));
  return {
    wallMs,
    busyMs,
    byOrigin: ranked(byOrigin).map(({ key, ms, share }) => ({ origin: key, ms, share })),
    topFunctions: ranked(byFunction).map(({ key, ms, share }) => ({ name: key, ms, share })),
  };
}

/**
 * Self time grouped by who is responsible for it: each sample goes to the nearest frame, itself or
 * up its stack, that `classify` names (so a `writev` inside `ws` counts for `ws`, not for Node).
 * Samples no frame claims go to `unclaimed`. Returns ms per label, busiest first; idle excluded.
 */
export function attributeSelfTime(profile: CpuProfile, classify: (frame: Frame) => string | null, unclaimed = 'other'): { label: string; ms: number; share: number }[] {
  const parent = new Map<number, ProfileNode>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node);
  const hits = profile.nodes.reduce((sum, node) => sum + (node.hitCount ?? 0), 0) || 1;
  const msPerHit = (profile.endTime - profile.startTime) / 1000 / hits;
  const labelOf = new Map<number, string | null>();
  const claim = (node: ProfileNode | undefined): string | null => {
    if (!node) return null;
    if (labelOf.has(node.id)) return labelOf.get(node.id)!;
    const label = classify(node.callFrame) ?? claim(parent.get(node.id));
    labelOf.set(node.id, label);
    return label;
  };
  const totals = new Map<string, number>();
  let busy = 0;
  for (const node of profile.nodes) {
    if (!node.hitCount || node.callFrame.functionName === '(idle)') continue;
    const label = claim(node) ?? unclaimed;
    totals.set(label, (totals.get(label) ?? 0) + node.hitCount * msPerHit);
    busy += node.hitCount * msPerHit;
  }
  return [...totals].sort((a, b) => b[1] - a[1]).map(([label, ms]) => ({ label, ms, share: busy ? ms / busy : 0 }));
}
