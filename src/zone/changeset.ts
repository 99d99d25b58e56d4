// Changesets: a list of records to remove and records to add, and applyChangeset, which derives a new
// Zone snapshot from an old one by structural sharing (only the touched buckets are copied). Owns the
// effective-change rules (absent removals and present additions are dropped), the SOA serial bump
// (RFC 1982) and the checks on the touched names. Does not persist, journal or notify anything.
import type { DnsName } from '../dns/name.js';
import type { Rdata } from '../dns/rdata.js';
import type { RRset, ResourceRecord } from '../dns/record.js';
import { RRType } from '../dns/constants.js';
import { serialGreater, serialIncrement } from '../dns/serial.js';
import {
  checkApex,
  checkDelegationEdit,
  checkNode,
  checkRecord,
  hasErrors,
  type ZoneProblem,
} from './checks.js';
import { ZoneCheckError } from './errors.js';
import { rdataEquals } from './rdata-equal.js';
import { Zone } from './zone.js';
import { ZoneIndexEditor } from './zone-index.js';

/** Changeset lists records to remove and to add; records are equal when owner, type, class and rdata are. */
export interface Changeset {
  removed: ResourceRecord[];
  added: ResourceRecord[];
}

/** AppliedChange describes how a snapshot was derived: `changeset` applied to the zone at `fromSerial`. */
export interface AppliedChange {
  readonly fromSerial: number;
  readonly changeset: Changeset;
}

/** ApplyResult is the new snapshot, the changes that took effect (SOA first) and any warnings. */
export interface ApplyResult {
  zone: Zone;
  applied: Changeset;
  warnings: ZoneProblem[];
}

function hasRdata(set: RRset | undefined, rdata: Rdata): boolean {
  return set !== undefined && set.rdatas.some((r) => rdataEquals(r, rdata));
}

/** soaFieldsEqual compares two SOA rdatas ignoring the serial. */
function soaFieldsEqual(a: Rdata, b: Rdata): boolean {
  return (
    a.kind === 'SOA' &&
    b.kind === 'SOA' &&
    a.mname.key === b.mname.key &&
    a.rname.key === b.rname.key &&
    a.refresh === b.refresh &&
    a.retry === b.retry &&
    a.expire === b.expire &&
    a.minimum === b.minimum
  );
}

/**
 * applyChangeset applies removals, then additions, to a zone and returns the new snapshot. Removing an
 * absent record or adding a present one has no effect and is left out of `applied`; with no effect at
 * all the same zone comes back with an empty changeset. Otherwise the SOA serial goes up by one (RFC
 * 1982, via serialIncrement) unless the changeset adds an SOA with a greater serial, and `applied`
 * carries the SOA swap. An added record joins its RRset and gives it its TTL (RFC 2181 §5.2); a TTL
 * change of a record is a removal plus an addition. Throws ZoneCheckError (old zone untouched) when a
 * touched name breaks a check.
 */
export function applyChangeset(zone: Zone, cs: Changeset): ApplyResult {
  const origin = zone.origin;
  const problems: ZoneProblem[] = [];
  for (const rr of cs.added) problems.push(...checkRecord(origin, rr));
  if (hasErrors(problems)) throw new ZoneCheckError(problems);

  const editor = new ZoneIndexEditor(origin, zone.index);
  const touched = new Map<string, { owner: DnsName; type: number }>();
  const touch = (owner: DnsName, type: number): void => {
    touched.set(`${type}/${owner.key}`, { owner, type });
  };
  const isApexSoa = (rr: ResourceRecord): boolean => rr.type === RRType.SOA && rr.owner.key === origin.key;

  let soaRemovedAlone = false;
  for (const rr of cs.removed) {
    if (isApexSoa(rr)) {
      // The SOA can only be replaced, never removed; a removal matters only without a replacement.
      if (rdataEquals(rr.rdata, zone.soa.rdatas[0]!)) soaRemovedAlone = true;
      continue;
    }
    if (rr.owner.isSubdomainOf(origin) === false) continue;
    const set = editor.getRRset(rr.owner.key, rr.type);
    if (!set || set.class !== rr.class || !hasRdata(set, rr.rdata)) continue;
    editor.putRRset(
      set.owner,
      set.type,
      set.class,
      set.ttl,
      set.rdatas.filter((r) => !rdataEquals(r, rr.rdata)),
    );
    touch(set.owner, set.type);
  }

  let addedSoa: ResourceRecord | undefined;
  for (const rr of cs.added) {
    if (isApexSoa(rr)) {
      addedSoa = rr;
      continue;
    }
    const set = editor.getRRset(rr.owner.key, rr.type);
    if (set && set.class === rr.class && hasRdata(set, rr.rdata)) continue;
    editor.putRRset(
      set ? set.owner : rr.owner,
      rr.type,
      rr.class,
      rr.ttl,
      set ? [...set.rdatas, rr.rdata] : [rr.rdata],
    );
    touch(rr.owner, rr.type);
  }

  // RFC 1035 §5.2: one SOA at the apex, always. A replacement is applied when it changes anything; its
  // serial is kept only if it is greater than the current one (RFC 1982 §3.2), else the usual bump applies.
  const current = zone.soa;
  const currentRdata = current.rdatas[0]!;
  let soaTtl = current.ttl;
  let soaBase: Rdata = currentRdata;
  let serialGiven = false;
  if (addedSoa && addedSoa.rdata.kind === 'SOA' && currentRdata.kind === 'SOA') {
    const greater = serialGreater(addedSoa.rdata.serial, currentRdata.serial);
    if (greater || !soaFieldsEqual(addedSoa.rdata, currentRdata) || addedSoa.ttl !== current.ttl) {
      soaBase = addedSoa.rdata;
      soaTtl = addedSoa.ttl;
      serialGiven = greater;
      soaRemovedAlone = false;
    }
  }
  if (soaRemovedAlone && touched.size === 0 && soaBase === currentRdata) {
    problems.push({
      severity: 'error',
      owner: origin,
      type: RRType.SOA,
      message: `The changeset removes the SOA of ${origin} without a replacement; a zone must keep exactly one SOA (RFC 1035 §5.2).`,
    });
    throw new ZoneCheckError(problems);
  }

  const applied = diffTouched(zone, editor, touched);
  if (applied.removed.length === 0 && applied.added.length === 0 && soaBase === currentRdata) {
    return { zone, applied: { removed: [], added: [] }, warnings: [] };
  }
  if (soaBase.kind !== 'SOA' || currentRdata.kind !== 'SOA') throw new Error('apex SOA rdata is not SOA');
  const serial = serialGiven ? soaBase.serial : serialIncrement(currentRdata.serial);
  const newSoa: Rdata = { ...soaBase, serial };
  editor.putRRset(current.owner, RRType.SOA, current.class, soaTtl, [newSoa]);
  applied.removed.unshift({
    owner: current.owner,
    type: RRType.SOA,
    class: current.class,
    ttl: current.ttl,
    rdata: currentRdata,
  });
  applied.added.unshift({
    owner: current.owner,
    type: RRType.SOA,
    class: current.class,
    ttl: soaTtl,
    rdata: newSoa,
  });

  // Checks on the touched names only, plus the apex (RFC 2181 §10.1, RFC 1035 §5.2, RFC 1034 §4.2.1). Data
  // an edit would hide behind a zone cut is refused; data hidden before stays a warning (checkNode).
  for (const [key, owner] of editor.touched) problems.push(...checkNode(editor, owner, editor.getNode(key)));
  problems.push(...checkApex(editor));
  problems.push(...checkDelegationEdit(zone, editor, applied.added));
  if (hasErrors(problems)) throw new ZoneCheckError(problems);

  return { zone: new Zone(origin, editor.commit()), applied, warnings: problems };
}

/** diffTouched lists, per touched RRset, the records (with TTL) that disappeared and that appeared. */
function diffTouched(
  zone: Zone,
  editor: ZoneIndexEditor,
  touched: Map<string, { owner: DnsName; type: number }>,
): Changeset {
  const removed: ResourceRecord[] = [];
  const added: ResourceRecord[] = [];
  const keep = (set: RRset | undefined, other: RRset | undefined, r: Rdata): boolean =>
    other !== undefined && other.ttl === set!.ttl && other.class === set!.class && hasRdata(other, r);
  for (const { owner, type } of touched.values()) {
    const before = zone.getRRsetByKey(owner.key, type);
    const after = editor.getRRset(owner.key, type);
    if (before) {
      for (const r of before.rdatas) {
        if (!keep(before, after, r))
          removed.push({ owner: before.owner, type, class: before.class, ttl: before.ttl, rdata: r });
      }
    }
    if (after) {
      for (const r of after.rdatas) {
        if (!keep(after, before, r))
          added.push({ owner: after.owner, type, class: after.class, ttl: after.ttl, rdata: r });
      }
    }
  }
  return { removed, added };
}
