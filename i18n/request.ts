import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { catalogues } from "./catalogue";
import { localeCookie, negotiateLocale } from "./locale";

export default getRequestConfig(async () => {
  const [cookieStore, headerList] = await Promise.all([cookies(), headers()]);
  const locale = negotiateLocale(cookieStore.get(localeCookie)?.value, headerList.get("accept-language"));
  return { locale, messages: catalogues[locale], timeZone: "Asia/Shanghai" };
});
