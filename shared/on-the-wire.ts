/**
 * A value as JSON carries it (a live event's payload in the outbox and on the socket): every Date an
 * ISO string. For payloads that carry a read's rows, so the type says what the page must revive.
 */
export type OnTheWire<T> = T extends Date
  ? string
  : T extends readonly (infer U)[]
    ? OnTheWire<U>[]
    : T extends object
      ? { [K in keyof T]: OnTheWire<T[K]> }
      : T;

/** A value as the outbox will store it, so a payload's type and content agree before it is written. */
export const onTheWire = <T>(value: T): OnTheWire<T> => JSON.parse(JSON.stringify(value)) as OnTheWire<T>;
