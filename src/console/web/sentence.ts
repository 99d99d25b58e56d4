// How the console shows one of the API's sentences (a problem's `detail`) as a sentence on the page: the
// first letter upper-cased and a full stop added, except that a sentence starting with a name (a domain,
// a host, an email, an address) keeps it exactly as written: "www.demo.test overlaps…" must not become
// "Www.demo.test". Pure (no DOM), so it is unit-tested in Node too.

/**
 * startsWithName tells whether the first word is a name rather than an ordinary word: it holds a dot,
 * "@", ":", "_" or a digit (www.demo.test, _sip._tcp, bob@example.test, 192.0.2.1, 2001:db8::1, ns1).
 */
function startsWithName(text: string): boolean {
  const word = (/^\S+/.exec(text)?.[0] ?? '').replace(/[,;:.!?)]+$/, '');
  return /[.@:_0-9]/.test(word);
}

/** sentence upper-cases the first letter of a sentence (unless it starts with a name) and ends it. */
export function sentence(text: string): string {
  const t = startsWithName(text) ? text : text.charAt(0).toUpperCase() + text.slice(1);
  return /[.!?]$/.test(t) ? t : `${t}.`;
}
