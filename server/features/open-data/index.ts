/** Nothing of open data is used by another feature: its routers are wired in server/trpc/root.ts and server/app.ts. */
export {};
