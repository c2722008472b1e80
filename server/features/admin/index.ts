/** Nothing of admin is used by another feature yet: its router is listed in server/trpc/root.ts. */
export {};
