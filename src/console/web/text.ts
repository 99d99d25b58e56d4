// Wording helpers of the console that need no DOM (so they are unit-tested in Node too): API messages as
// sentences, whether an API problem's detail only restates its title, counts with their nouns, and the full name a record or a
// dynamic DNS record typed into a form will get.

// Words that carry no meaning of their own when comparing a title with a detail ("No such domain" says
// what "no domain x in your account" says; "Wrong email or password" what "the email or the password is
// not correct" says).
const FILLER = new Set([
  'a',
  'an',
  'the',
  'no',
  'not',
  'such',
  'wrong',
  'is',
  'are',
  'or',
  'and',
  'of',
  'to',
  'in',
  'this',
  'that',
]);

function contentWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0 && !FILLER.has(w));
}

/** restatesTitle tells whether `detail` already says everything `title` says (show the detail alone). */
export function restatesTitle(title: string, detail: string): boolean {
  const inDetail = new Set(contentWords(detail));
  const titleWords = contentWords(title);
  return titleWords.length > 0 && titleWords.every((w) => inDetail.has(w));
}

export { sentence } from './sentence.js';

/** count gives "1 update", "5 updates" (plural: the noun's plural when not noun + "s"). */
export function count(n: number, noun: string, plural = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : plural}`;
}

function inZone(fqdn: string, zone: string): boolean {
  const f = fqdn.toLowerCase();
  const z = zone.toLowerCase();
  return f === z || f.endsWith(`.${z}`);
}

/** FullName is the name a form's input will become, and whether it lies inside the domain. */
export interface FullName {
  readonly fqdn: string;
  readonly inZone: boolean;
}

/**
 * recordName applies the zone-file rule to a record's owner as typed: "@" or nothing is the domain itself,
 * a name ending in "." is absolute, anything else is relative and gets the domain appended ("www.other.test"
 * in home.test becomes www.other.test.home.test).
 */
export function recordName(input: string, zone: string): FullName {
  const t = input.trim();
  let fqdn: string;
  if (t === '' || t === '@') fqdn = zone;
  else if (t.endsWith('.')) fqdn = t.slice(0, -1);
  else fqdn = `${t}.${zone}`;
  return { fqdn, inZone: inZone(fqdn, zone) };
}

/**
 * hostName is the rule of "Create new record" (dynamic DNS), as the API applies it: "@" or nothing is the
 * domain itself; a name ending in "." or in the domain's name is taken as it is; a label gets the domain.
 */
export function hostName(input: string, zone: string): FullName {
  const raw = input.trim();
  const label = raw.replace(/\.$/, '');
  const absolute = raw.endsWith('.') || inZone(label, zone);
  const fqdn = label === '' || label === '@' ? zone : absolute ? label : `${label}.${zone}`;
  return { fqdn, inZone: inZone(fqdn, zone) };
}
