// Domain names in master-file text (RFC 1035 §5.1): a thin, fast front for DnsName.parse. Plain names
// under the current origin (the bulk of any zone, whether written relative or absolute) are built from
// the origin without re-reading it; anything with escapes goes through DnsName.parse.
import { DnsName, NameError } from '../name.js';
import { ZoneFileError } from './errors.js';

/** parseNameText reads a name token relative to `origin`; `what` names the field in the ZoneFileError. */
export function parseNameText(text: string, origin: DnsName | undefined, what: string): DnsName {
  try {
    if (origin !== undefined && text !== '@' && isPlain(text)) {
      if (text.charCodeAt(text.length - 1) !== 0x2e) return DnsName.fromLabelsUnder(text.split('.'), origin);
      const suffix = origin.toString();
      if (
        suffix !== '.' &&
        text.length > suffix.length &&
        text.endsWith(suffix) &&
        text.charCodeAt(text.length - suffix.length - 1) === 0x2e
      ) {
        return DnsName.fromLabelsUnder(text.slice(0, text.length - suffix.length - 1).split('.'), origin);
      }
    }
    return DnsName.parse(text, origin);
  } catch (e) {
    if (e instanceof NameError)
      throw new ZoneFileError(`${what}: "${text}" is not a valid name (${e.message})`);
    throw e;
  }
}

/** isPlain tells whether text has no escapes and only ASCII, so splitting on dots gives its labels. */
function isPlain(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c || c > 0x7e) return false;
  }
  return true;
}

/** isAbsoluteNameText tells whether name text ends with an unescaped dot. */
export function isAbsoluteNameText(text: string): boolean {
  if (text.length === 0 || text.charCodeAt(text.length - 1) !== 0x2e) return false;
  // An odd number of backslashes before the final dot escapes it.
  let n = 0;
  for (let i = text.length - 2; i >= 0 && text.charCodeAt(i) === 0x5c; i--) n++;
  return n % 2 === 0;
}
