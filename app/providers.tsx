"use client";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { createTRPCClient, httpBatchLink } from "@trpc/client";
import { useState, type ReactNode } from "react";
import type { AppRouter } from "@/server/trpc/root";
import { ConfirmProvider } from "./components/ui/confirm-dialog";
import { IntlClientProvider } from "./lib/intl-client-provider";
import { isClientError } from "./lib/errors";
import { RealtimeProvider } from "./lib/realtime";
import { TRPCProvider } from "./lib/trpc";
import { wireTransformer } from "./lib/wire";
import { SessionKeepAlive } from "./_features/accounts/session-keep-alive";

function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: {
          // A refused request (4xx) will be refused again; only faults and network drops are retried.
          queries: { staleTime: 15_000, retry: (count, error) => count < 2 && !isClientError(error) },
        },
      }),
  );
  const [trpcClient] = useState(() =>
    // superjson's wire format without superjson (app/lib/wire.ts): the server still uses superjson.
    createTRPCClient<AppRouter>({ links: [httpBatchLink({ url: "/api/trpc", transformer: wireTransformer })] }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        <SessionKeepAlive />
        <RealtimeProvider>
          <ConfirmProvider>{children}</ConfirmProvider>
        </RealtimeProvider>
      </TRPCProvider>
    </QueryClientProvider>
  );
}

/** next-intl's provider and the app's in one client component: one reference in every page's payload instead of two. */
export function AppProviders({
  intl,
  children,
}: {
  intl: { locale: string; catalogueSrc: string; timeZone: string; now: Date };
  children: ReactNode;
}) {
  return (
    <IntlClientProvider {...intl}>
      <Providers>{children}</Providers>
    </IntlClientProvider>
  );
}
