"use client";
import { NextIntlClientProvider, type AbstractIntlMessages } from "next-intl";
import { useMemo, type ReactNode } from "react";

/**
 * next-intl's client provider, given the catalogue as one JSON string rather than as an object. React
 * serialises an object prop value by value on every render (thousands of messages, and the page's
 * server-side render parses them back the same way); a long string is written and read as one block.
 */
export function IntlClientProvider({
  locale,
  catalogue,
  timeZone,
  now,
  children,
}: {
  locale: string;
  catalogue: string;
  timeZone: string;
  /** The request's time: what relative times are rendered against on the server and at hydration. */
  now: Date;
  children: ReactNode;
}) {
  const messages = useMemo(() => parsedCatalogue(locale, catalogue), [locale, catalogue]);
  return (
    <NextIntlClientProvider locale={locale} messages={messages} timeZone={timeZone} now={now}>
      {children}
    </NextIntlClientProvider>
  );
}

// Server-side rendering gets the same catalogue text on every request: parse each locale's once.
const parsed = new Map<string, { text: string; messages: AbstractIntlMessages }>();

function parsedCatalogue(locale: string, text: string): AbstractIntlMessages {
  if (typeof window !== "undefined") return JSON.parse(text) as AbstractIntlMessages;
  const known = parsed.get(locale);
  if (known?.text === text) return known.messages;
  const messages = JSON.parse(text) as AbstractIntlMessages;
  parsed.set(locale, { text, messages });
  return messages;
}
