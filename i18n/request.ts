import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { localeCookie, negotiateLocale } from "./locale";

export default getRequestConfig(async () => {
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  const locale = negotiateLocale(cookieStore.get(localeCookie)?.value, headerList.get("accept-language"));
  const messages = (await import(`../messages/${locale}.json`)).default as Record<string, unknown>;
  return { locale, messages, timeZone: "Asia/Shanghai" };
});
