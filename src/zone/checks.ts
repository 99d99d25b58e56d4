// Semantic checks on zone data (RFC 1034 §4.2.1, RFC 1035 §5.2, RFC 2181 §5.2, §8, §10.1). Owns the
// ZoneProblem value and the rules; runs on a whole zone (checkZone, Zone.build) or on the names a
// changeset touched (changeset.ts). Never throws for bad data: it reports problems.
import type { DnsName } from '../dns/name.js';
import type { ResourceRecord } from '../dns/record.js';
import { MAX_TTL } from '../dns/record.js';
import { RRType, classToString, isMetaType, typeToString } from '../dns/constants.js';
import { rdataEquals } from './rdata-equal.js';
import { ZoneIndexEditor, emptyIndex, findRRset } from './zone-index.js';
import type { ZoneIndex, ZoneNode, ZoneView } from './zone-index.js';

/** ZoneProblem is one finding of the checks; `error` blocks loading, `warning` does not. */
export interface ZoneProblem {
  readonly severity: 'error' | 'warning';
  readonly owner: DnsName;
  readonly type?: number;
  readonly message: string;
}

const KNOWN_KINDS = new Set(['A', 'AAAA', 'NS', 'CNAME', 'PTR', 'MX', 'TXT', 'SRV', 'CAA', 'SOA', 'HINFO']);

/** isPlainRecord is the fast path of checkRecord: true when the record certainly has no problem. */
function isPlainRecord(origin: DnsName, rr: ResourceRecord): boolean {
  const kind = rr.rdata.kind;
  return (
    Number.isInteger(rr.ttl) &&
    rr.ttl >= 0 &&
    rr.ttl <= MAX_TTL &&
    ((rr.type === RRType.A && kind === 'A') || (rr.type === RRType.AAAA && kind === 'AAAA')) &&
    rr.owner.isSubdomainOf(origin)
  );
}

/** checkRecord reports the problems a single record has regardless of the rest of the zone. */
export function checkRecord(origin: DnsName, rr: ResourceRecord): ZoneProblem[] {
  if (isPlainRecord(origin, rr)) return [];
  const out: ZoneProblem[] = [];
  const t = typeToString(rr.type);
  if (!rr.owner.isSubdomainOf(origin)) {
    out.push(
      err(
        rr.owner,
        rr.type,
        `${rr.owner} ${t} is outside the zone ${origin}; a zone holds only names at or below its origin.`,
      ),
    );
  }
  if (isMetaType(rr.type)) {
    out.push(
      err(
        rr.owner,
        rr.type,
        `${rr.owner} ${t}: ${t} is a meta type that exists only in messages and cannot be stored in a zone (RFC 6895 §3.1).`,
      ),
    );
  }
  if (!Number.isInteger(rr.ttl) || rr.ttl < 0 || rr.ttl > MAX_TTL) {
    out.push(
      err(
        rr.owner,
        rr.type,
        `${rr.owner} ${t} has TTL ${rr.ttl}; a TTL must be an integer from 0 to ${MAX_TTL} (RFC 2181 §8).`,
      ),
    );
  }
  const kind = rr.rdata.kind;
  if (kind !== 'UNKNOWN' && (!KNOWN_KINDS.has(kind) || kind !== t)) {
    out.push(
      err(rr.owner, rr.type, `${rr.owner} ${t} carries ${kind} rdata; the rdata must match the record type.`),
    );
  }
  return out;
}

/** topCutAbove finds the highest zone cut strictly between the apex and `key` (exclusive of both). */
function topCutAbove(view: ZoneView, key: string): { key: string; node: ZoneNode } | undefined {
  // Inline walk over the label boundaries (this runs once per node while a zone loads).
  const apexLength = view.origin.key.length;
  let found: { key: string; node: ZoneNode } | undefined;
  if (key.length <= apexLength) return undefined;
  let i = 1 + key.charCodeAt(0);
  while (key.length - i > apexLength) {
    const k = key.slice(i);
    const node = view.getNode(k);
    if (node && findRRset(node, RRType.NS)) found = { key: k, node };
    i += 1 + key.charCodeAt(i);
  }
  return found;
}

function isNsTarget(cutNode: ZoneNode, key: string): boolean {
  const ns = findRRset(cutNode, RRType.NS);
  return ns !== undefined && ns.rdatas.some((r) => r.kind === 'NS' && r.target.key === key);
}

/**
 * checkNode reports the problems of the RRsets at one owner in the context of the zone: CNAME and other
 * data (RFC 2181 §10.1), SOA away from the apex, and data hidden below a zone cut that is not glue.
 */
export function checkNode(
  view: ZoneView,
  owner: DnsName,
  node: ZoneNode | undefined,
  zoneClass = findRRset(view.getNode(view.origin.key), RRType.SOA)?.class,
): ZoneProblem[] {
  if (!node || node.length === 0) return [];
  const out: ZoneProblem[] = [];
  const isApex = owner.key === view.origin.key;
  const cname = findRRset(node, RRType.CNAME);
  if (cname) {
    if (cname.rdatas.length > 1) {
      out.push(
        err(
          owner,
          RRType.CNAME,
          `${owner} has ${cname.rdatas.length} CNAME records; a name can have only one canonical name (RFC 1034 §3.6.2).`,
        ),
      );
    }
    if (isApex) {
      out.push(
        err(
          owner,
          RRType.CNAME,
          `The zone apex ${owner} cannot have a CNAME: the apex must hold the SOA and NS records, and a CNAME excludes other data (RFC 2181 §10.1).`,
        ),
      );
    } else {
      const others = node.filter(
        (s) => s.type !== RRType.CNAME && s.type !== RRType.RRSIG && s.type !== RRType.NSEC,
      );
      if (others.length > 0) {
        const names = others.map((s) => typeToString(s.type)).join(', ');
        out.push(
          err(
            owner,
            RRType.CNAME,
            `${owner} has a CNAME beside other data (${names}); a CNAME must be the only data at its name apart from RRSIG and NSEC (RFC 2181 §10.1).`,
          ),
        );
      }
    }
  }
  if (zoneClass !== undefined) {
    for (const s of node) {
      if (s.class !== zoneClass) {
        out.push(
          err(
            owner,
            s.type,
            `${owner} ${typeToString(s.type)} has class ${classToString(s.class)}, but the zone's SOA has class ${classToString(zoneClass)}; a zone holds one class.`,
          ),
        );
      }
    }
  }
  if (!isApex && findRRset(node, RRType.SOA)) {
    out.push(
      err(
        owner,
        RRType.SOA,
        `${owner} has an SOA record, but an SOA belongs only at the zone apex ${view.origin} (RFC 1035 §5.2).`,
      ),
    );
  }
  if (!isApex) {
    // Data at a cut other than NS/DS (and their DNSSEC records) or below a cut is occluded: only glue,
    // the addresses of the delegation's name servers, is ever served from there (RFC 1034 §4.2.1).
    const above = topCutAbove(view, owner.key);
    const cut = above ?? (findRRset(node, RRType.NS) ? { key: owner.key, node } : undefined);
    if (cut) {
      for (const s of node) {
        const atCut = cut.key === owner.key;
        if (atCut && belongsAtCut(s.type)) continue;
        if ((s.type === RRType.A || s.type === RRType.AAAA) && isNsTarget(cut.node, owner.key)) continue;
        const cutName = s.owner.key === cut.key ? 'at' : 'below';
        out.push(
          warn(
            owner,
            s.type,
            `${owner} ${typeToString(s.type)} is ${cutName} the zone cut at ${cutOwner(cut.node)} and is not glue, so it will never be served (RFC 1034 §4.2.1).`,
          ),
        );
      }
    }
  }
  return out;
}

/** belongsAtCut tells whether a type is served at a zone cut: NS, DS and their DNSSEC records (RFC 4035 §2.4). */
function belongsAtCut(type: number): boolean {
  return type === RRType.NS || type === RRType.DS || type === RRType.RRSIG || type === RRType.NSEC;
}

/** isGlue tells whether an RRset of `type` at `key` is glue for the cut at `cutNode`: an address of its NS. */
function isGlue(cutNode: ZoneNode, key: string, type: number): boolean {
  return (type === RRType.A || type === RRType.AAAA) && isNsTarget(cutNode, key);
}

/** servedAtCut tells whether an RRset of `type` at the cut itself is served: NS, DS, or its own glue. */
function servedAtCut(cutNode: ZoneNode, key: string, type: number): boolean {
  return belongsAtCut(type) || isGlue(cutNode, key, type);
}

/** ZoneEditView is a zone being edited, as checkDelegationEdit reads it (met by ZoneIndexEditor). */
export interface ZoneEditView extends ZoneView {
  hasDescendants(key: string): boolean;
  nodesBelow(key: string): Iterable<ZoneNode>;
}

const MAX_LISTED = 5;

function listSome(items: readonly string[]): string {
  const shown = items.slice(0, MAX_LISTED).join(', ');
  return items.length > MAX_LISTED ? `${shown} and ${items.length - MAX_LISTED} more` : shown;
}

/**
 * checkDelegationEdit reports, as errors, data an edit would hide behind a zone cut, which is never served
 * (RFC 1034 §4.2.1: only NS, DS and the glue addresses of the delegation's name servers live there): an
 * NS added where it would make a new cut at a name that holds other data or has data other than glue
 * below it, and a record added at an existing cut (other than NS/DS) or below one (other than glue).
 * `before` is the zone before the edit and `added` the records the edit adds. Data hidden before the
 * edit is left to checkNode's warnings, so a zone loaded with occluded data can still be edited.
 */
export function checkDelegationEdit(
  before: ZoneView,
  after: ZoneEditView,
  added: Iterable<ResourceRecord>,
): ZoneProblem[] {
  const out: ZoneProblem[] = [];
  const reported = new Set<string>();
  for (const rr of added) {
    const key = rr.owner.key;
    if (key === after.origin.key || reported.has(`${key}/${rr.type}`)) continue;
    const node = after.getNode(key);
    if (!node || !findRRset(node, rr.type)) continue;
    const above = topCutAbove(after, key);
    if (rr.type === RRType.NS && above === undefined && !findRRset(before.getNode(key), RRType.NS)) {
      // A new zone cut at this name: everything here but NS/DS, and everything below but glue, is hidden.
      reported.add(`${key}/*`);
      const here = node.filter((s) => !servedAtCut(node, key, s.type)).map((s) => typeToString(s.type));
      if (here.length > 0) {
        out.push(
          err(
            rr.owner,
            RRType.NS,
            `${rr.owner} has ${here.join(', ')}: an NS there would delegate the name and hide them (RFC 1034 §4.2.1); delete them first, or delegate a name that holds no other data.`,
          ),
        );
      }
      const below: string[] = [];
      for (const n of after.nodesBelow(key)) {
        for (const s of n)
          if (!isGlue(node, s.owner.key, s.type)) below.push(`${s.owner} ${typeToString(s.type)}`);
      }
      if (below.length > 0) {
        out.push(
          err(
            rr.owner,
            RRType.NS,
            `${rr.owner} has data below it (${listSome(below)}): an NS there would delegate the name and hide it; only the addresses of its name servers (glue) may stay below a delegation (RFC 1034 §4.2.1).`,
          ),
        );
      }
      continue;
    }
    if (reported.has(`${key}/*`)) continue;
    const cut = above ?? (findRRset(node, RRType.NS) ? { key, node } : undefined);
    if (cut === undefined) continue;
    const t = typeToString(rr.type);
    if (cut.key === key) {
      if (servedAtCut(node, key, rr.type)) continue;
      reported.add(`${key}/${rr.type}`);
      out.push(
        err(
          rr.owner,
          rr.type,
          `${rr.owner} is delegated (it has NS records): ${withArticle(t)} record there would be hidden by the delegation and never served; only NS and DS belong at a delegation point (RFC 1034 §4.2.1).`,
        ),
      );
      continue;
    }
    if (isGlue(cut.node, key, rr.type)) continue;
    reported.add(`${key}/${rr.type}`);
    out.push(
      err(
        rr.owner,
        rr.type,
        `${rr.owner} is below the delegation at ${cutOwner(cut.node)}: ${withArticle(t)} record there would never be served; only the addresses of the delegation's name servers (glue) belong below it (RFC 1034 §4.2.1).`,
      ),
    );
  }
  return out;
}

// Types read as a word, not letter by letter ("a LOC record", not "an LOC record").
const READ_AS_WORD = new Set(['LOC', 'NAPTR']);

/**
 * withArticle puts "a" or "an" before a type's name as it is read aloud: "an A", "an AAAA", "an MX", "an NS",
 * "an SRV" (letters read one by one: ay, em, en, es…), but "a CNAME", "a TXT", "a PTR", "a TYPE65000".
 */
export function withArticle(type: string): string {
  const t = type.toUpperCase();
  const byLetter = !READ_AS_WORD.has(t) && !/^TYPE\d+$/.test(t);
  return `${byLetter && 'AEFHILMNORSX'.includes(t.charAt(0)) ? 'an' : 'a'} ${type}`;
}

function cutOwner(node: ZoneNode): string {
  return (findRRset(node, RRType.NS) ?? node[0]!).owner.toString();
}

/** checkApex reports a missing or repeated SOA and missing NS records at the apex (RFC 1035 §5.2). */
export function checkApex(view: ZoneView): ZoneProblem[] {
  const out: ZoneProblem[] = [];
  const apex = view.getNode(view.origin.key);
  const soa = findRRset(apex, RRType.SOA);
  if (!soa) {
    out.push(
      err(
        view.origin,
        RRType.SOA,
        `The zone apex ${view.origin} has no SOA record; exactly one is required (RFC 1035 §5.2).`,
      ),
    );
  } else if (soa.rdatas.length !== 1) {
    out.push(
      err(
        view.origin,
        RRType.SOA,
        `The zone apex ${view.origin} has ${soa.rdatas.length} SOA records; exactly one is required (RFC 1035 §5.2).`,
      ),
    );
  }
  if (!findRRset(apex, RRType.NS)) {
    out.push(
      err(
        view.origin,
        RRType.NS,
        `The zone apex ${view.origin} has no NS records; at least one is required (RFC 1034 §4.2.1).`,
      ),
    );
  }
  return out;
}

/**
 * indexRecords loads records into a fresh index, running the per-record checks and merging RRsets: an
 * exact duplicate is dropped, and an RRset whose TTLs differ takes the lowest (RFC 2181 §5.2). Records
 * with error-level problems are left out. Internal to the zone module.
 */
export function indexRecords(
  origin: DnsName,
  records: Iterable<ResourceRecord>,
): { index: ZoneIndex; problems: ZoneProblem[] } {
  const problems: ZoneProblem[] = [];
  // Knowing the size up front sizes the buckets once instead of growing and rehashing them.
  const list: readonly ResourceRecord[] = Array.isArray(records) ? records : [...records];
  const editor = new ZoneIndexEditor(origin, emptyIndex(list.length), false);
  const ttlWarned = new Map<string, { owner: DnsName; type: number; ttls: Set<number> }>();
  // Node checks only matter for names holding a CNAME or SOA, unless the zone has a cut below the apex
  // (occlusion) or mixes classes; remembering those names spares a full pass over a large zone.
  const interesting = new Map<string, DnsName>();
  const classes = new Set<number>();
  let hasCut = false;
  for (const rr of list) {
    classes.add(rr.class);
    if (rr.type === RRType.CNAME || rr.type === RRType.SOA) interesting.set(rr.owner.key, rr.owner);
    else if (rr.type === RRType.NS && rr.owner.key !== origin.key) hasCut = true;
    if (!isPlainRecord(origin, rr)) {
      const recordProblems = checkRecord(origin, rr);
      for (const p of recordProblems) problems.push(p);
      if (recordProblems.some((p) => p.severity === 'error')) continue;
    }
    const key = rr.owner.key;
    const old = editor.getRRset(key, rr.type);
    if (!old) {
      editor.putRRset(rr.owner, rr.type, rr.class, rr.ttl, [rr.rdata]);
      continue;
    }
    const dup = old.rdatas.some((r) => rdataEquals(r, rr.rdata));
    if (dup) {
      problems.push(
        warn(
          rr.owner,
          rr.type,
          `${rr.owner} ${typeToString(rr.type)} appears twice with the same data; the duplicate is ignored (RFC 2181 §5).`,
        ),
      );
    }
    if (rr.ttl !== old.ttl) {
      const id = `${key}/${rr.type}`;
      let w = ttlWarned.get(id);
      if (!w) ttlWarned.set(id, (w = { owner: old.owner, type: rr.type, ttls: new Set([old.ttl]) }));
      w.ttls.add(rr.ttl);
    }
    if (dup && rr.ttl >= old.ttl) continue;
    editor.putRRset(
      old.owner,
      rr.type,
      old.class,
      Math.min(old.ttl, rr.ttl),
      dup ? old.rdatas : [...old.rdatas, rr.rdata],
    );
  }
  for (const w of ttlWarned.values()) {
    const ttls = [...w.ttls].sort((a, b) => a - b);
    problems.push(
      warn(
        w.owner,
        w.type,
        `${w.owner} ${typeToString(w.type)} records have differing TTLs (${ttls.join(', ')}); an RRset has one TTL, so the lowest, ${ttls[0]}, is used (RFC 2181 §5.2).`,
      ),
    );
  }
  const index = editor.commit();
  const view: ZoneView = { origin, getNode: (k) => index.nodes.get(k) };
  problems.push(...checkApex(view));
  const zoneClass = findRRset(index.nodes.get(origin.key), RRType.SOA)?.class;
  if (hasCut || classes.size > 1) {
    for (const node of index.nodes.values()) {
      for (const p of checkNode(view, node[0]!.owner, node, zoneClass)) problems.push(p);
    }
  } else {
    for (const [key, owner] of interesting) {
      for (const p of checkNode(view, owner, index.nodes.get(key), zoneClass)) problems.push(p);
    }
  }
  return { index, problems };
}

/** checkZone runs every check on a set of records meant to form the zone at `origin`. */
export function checkZone(origin: DnsName, records: Iterable<ResourceRecord>): ZoneProblem[] {
  return indexRecords(origin, records).problems;
}

/** hasErrors tells whether any problem is an error. */
export function hasErrors(problems: readonly ZoneProblem[]): boolean {
  return problems.some((p) => p.severity === 'error');
}

function err(owner: DnsName, type: number | undefined, message: string): ZoneProblem {
  return type === undefined
    ? { severity: 'error', owner, message }
    : { severity: 'error', owner, type, message };
}

function warn(owner: DnsName, type: number | undefined, message: string): ZoneProblem {
  return type === undefined
    ? { severity: 'warning', owner, message }
    : { severity: 'warning', owner, type, message };
}
