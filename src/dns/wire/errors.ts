// Errors of the DNS wire codec. Owns WireFormatError, the one error decoding may throw; knows nothing
// about how the name server maps it (FORMERR) or logs it.

/** WireFormatError reports octets that do not form a valid DNS message, with the offset where it was found. */
export class WireFormatError extends Error {
  readonly code = 'ERR_WIRE_FORMAT';
  /** offset is the octet position in the message where the fault was seen (-1 when unknown). */
  readonly offset: number;

  constructor(message: string, offset: number, options?: { cause?: unknown }) {
    super(`${message} (at octet ${offset})`, options);
    this.name = 'WireFormatError';
    this.offset = offset;
  }
}

/** isWireFormatError tells whether a thrown value is a WireFormatError. */
export function isWireFormatError(e: unknown): e is WireFormatError {
  return e instanceof WireFormatError;
}
