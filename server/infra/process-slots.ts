/**
 * The one bridge between the custom server's module graph and Next's: Next loads its route handlers and
 * server components into a module graph of its own in this same process, where the server's module-level
 * values read as unset, while globalThis is shared. Each value both graphs must see (the runtime createApp
 * built, the session cache, the set of logged request ids) has a named slot here, and this file is the only
 * one that touches globalThis.
 */
const slots = Symbol.for("xietong.processSlots");
type Holder = { [slots]?: Map<string, unknown> };

function slotMap(): Map<string, unknown> {
  const holder = globalThis as Holder;
  return (holder[slots] ??= new Map<string, unknown>());
}

/** The slot's value, made on first use by whichever module graph asks first. */
export function processSlot<T>(name: string, make: () => T): T {
  const map = slotMap();
  if (!map.has(name)) map.set(name, make());
  return map.get(name) as T;
}

/** Reads a slot that someone must have set (the runtime), or undefined. */
export function readProcessSlot<T>(name: string): T | undefined {
  return slotMap().get(name) as T | undefined;
}

export function setProcessSlot<T>(name: string, value: T | undefined): void {
  if (value === undefined) slotMap().delete(name);
  else slotMap().set(name, value);
}
