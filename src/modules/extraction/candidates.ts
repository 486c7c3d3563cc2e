/**
 * Candidates and the choice of one value per field: mentions of the same value
 * reinforce each other (damped noisy-OR), address parts are chosen together from one
 * address, first and last name together from one source.
 */
import type { ExtractedFields, FieldCandidate, FieldName } from './extraction.types.ts';

/** A candidate while extracting: offsets in the prepared text, plus the source it belongs to. */
export interface Candidate extends FieldCandidate {
  /** Candidates of one address or one name share a group id. */
  group?: string;
}

export function candidate(
  field: FieldName,
  value: string,
  raw: string,
  start: number,
  end: number,
  confidence: number,
  evidence: string[],
  extra: { validated?: boolean; group?: string } = {},
): Candidate {
  const c: Candidate = {
    field,
    value,
    raw,
    start,
    end,
    confidence: clamp(confidence),
    validated: extra.validated ?? true,
    evidence,
  };
  if (extra.group !== undefined) c.group = extra.group;
  return c;
}

export function clamp(x: number): number {
  return Math.max(0, Math.min(0.99, Math.round(x * 1000) / 1000));
}

interface Aggregate {
  value: string;
  score: number;
  first: Candidate;
  groups: Set<string>;
}

/** Per value: best confidence, raised a little by every further independent mention. */
function aggregate(cands: Candidate[]): Aggregate[] {
  const byValue = new Map<string, Candidate[]>();
  for (const c of cands) {
    const list = byValue.get(c.value);
    if (list) list.push(c);
    else byValue.set(c.value, [c]);
  }
  const out: Aggregate[] = [];
  for (const [value, list] of byValue) {
    const sorted = [...list].sort((a, b) => b.confidence - a.confidence);
    const top = sorted[0] as Candidate;
    let miss = 1 - top.confidence;
    for (const c of sorted.slice(1)) miss *= 1 - 0.35 * c.confidence;
    const first = [...list].sort((a, b) => a.start - b.start)[0] as Candidate;
    out.push({ value, score: clamp(1 - miss), first, groups: new Set(list.map((c) => c.group).filter((g): g is string => g !== undefined)) });
  }
  return out.sort((a, b) => b.score - a.score || a.first.start - b.first.start);
}

const ADDRESS_SETS: ReadonlyArray<readonly [FieldName, FieldName, FieldName]> = [
  ['postalCode', 'city', 'street'],
  ['newPostalCode', 'newCity', 'newStreet'],
];

/** Chooses one value per field from the candidates. */
export function selectFields(all: Candidate[], minConfidence: number): ExtractedFields {
  const byField = new Map<FieldName, Candidate[]>();
  for (const c of all) {
    if (c.confidence <= 0) continue;
    const list = byField.get(c.field);
    if (list) list.push(c);
    else byField.set(c.field, [c]);
  }
  const fields: ExtractedFields = {};
  const pick = (field: FieldName, restrictGroups?: Set<string>, strict = false): Aggregate | undefined => {
    let list = byField.get(field) ?? [];
    if (restrictGroups && restrictGroups.size > 0) {
      const inGroup = list.filter((c) => c.group !== undefined && restrictGroups.has(c.group));
      if (inGroup.length > 0 || strict) list = inGroup;
    }
    const best = aggregate(list)[0];
    return best && best.score >= minConfidence ? best : undefined;
  };

  const handled = new Set<FieldName>();
  for (const [primary, second, third] of ADDRESS_SETS) {
    // The address with the best postcode/city/street evidence overall decides all three parts.
    const groupScore = new Map<string, number>();
    for (const f of [primary, second, third]) {
      for (const c of byField.get(f) ?? []) {
        if (c.group === undefined) continue;
        groupScore.set(c.group, Math.max(groupScore.get(c.group) ?? 0, c.confidence));
      }
    }
    const ranked = [...groupScore.entries()].sort((a, b) => b[1] - a[1]);
    const bestGroup = ranked[0];
    const groups = new Set<string>();
    if (bestGroup) {
      // Other mentions of the same address (same postcode) reinforce it.
      const chosen = (byField.get(primary) ?? []).find((c) => c.group === bestGroup[0])?.value;
      for (const [g] of ranked) {
        const pc = (byField.get(primary) ?? []).find((c) => c.group === g)?.value;
        if (g === bestGroup[0] || (chosen !== undefined && pc === chosen)) groups.add(g);
      }
    }
    for (const f of [primary, second, third]) {
      const best = pick(f, groups, true);
      if (best) fields[f] = best.value;
      handled.add(f);
    }
  }

  const last = pick('lastName');
  if (last) {
    fields.lastName = last.value;
    const first = pick('firstName', last.groups);
    if (first && (last.groups.size === 0 || [...first.groups].some((g) => last.groups.has(g)))) fields.firstName = first.value;
  } else {
    const first = pick('firstName');
    if (first) fields.firstName = first.value;
  }
  handled.add('lastName');
  handled.add('firstName');

  for (const [field] of byField) {
    if (handled.has(field)) continue;
    const best = pick(field);
    if (best) fields[field] = best.value;
  }
  return fields;
}

/** Half-open span overlap. */
export function overlaps(a: { start: number; end: number }, b: { start: number; end: number }): boolean {
  return a.start < b.end && b.start < a.end;
}

export interface Span {
  start: number;
  end: number;
  kind: string;
}

/** Spans already taken by a recognised value (IBAN, date, customer number …). */
export class SpanRegistry {
  private readonly spans: Span[] = [];

  add(start: number, end: number, kind: string): void {
    this.spans.push({ start, end, kind });
  }

  /** The kind of the first span overlapping [start, end), if any (optionally of the given kinds). */
  hit(start: number, end: number, kinds?: readonly string[]): string | undefined {
    for (const s of this.spans) {
      if (s.start < end && start < s.end && (!kinds || kinds.includes(s.kind))) return s.kind;
    }
    return undefined;
  }
}
