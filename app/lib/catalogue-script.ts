import "server-only";
import { createHash } from "node:crypto";
import { catalogues } from "@/i18n/catalogue";
import type { AppLocale } from "@/i18n/locale";

/*
 * Each locale's message catalogue as a script of its own (served by app/catalogue/[file]/route.ts), named
 * after a hash of its content: every page names it, the browser and the service worker keep it for good,
 * and no page carries the catalogue itself (it was most of each page's bytes, and of its server CPU).
 * The script stores the catalogue in window.__xietongCatalogue[locale] for app/lib/intl-client-provider.tsx.
 * Built once per process: the catalogues are part of the build.
 */
export interface CatalogueScript {
  path: string;
  source: string;
}

const scripts = new Map<AppLocale, CatalogueScript>();

export function catalogueScript(locale: AppLocale): CatalogueScript {
  let script = scripts.get(locale);
  if (!script) {
    // A JSON string parsed at run time: faster to load than an object literal of the same size.
    const source = `(self.__xietongCatalogue||(self.__xietongCatalogue={}))[${JSON.stringify(locale)}]=JSON.parse(${JSON.stringify(
      JSON.stringify(catalogues[locale]),
    )});\n`;
    const hash = createHash("sha256").update(source).digest("base64url").slice(0, 16);
    script = { path: `/catalogue/${locale}.${hash}.js`, source };
    scripts.set(locale, script);
  }
  return script;
}
