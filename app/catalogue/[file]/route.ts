import { catalogueScript } from "@/app/lib/catalogue-script";
import { supportedLocales } from "@/i18n/locale";

/**
 * GET /catalogue/<locale>.<hash>.js: a locale's message catalogue as a script (app/lib/catalogue-script.ts).
 * The name carries a hash of the content, so the answer is kept for good; a page of another build asking
 * for its own hash gets the current catalogue, kept for no time, rather than a page that never hydrates.
 */
export async function GET(_request: Request, context: { params: Promise<{ file: string }> }): Promise<Response> {
  const { file } = await context.params;
  const match = /^([A-Za-z-]+)\.([A-Za-z0-9_-]+)\.js$/.exec(file);
  const locale = supportedLocales.find((candidate) => candidate === match?.[1]);
  if (!match || !locale) return new Response("Not found", { status: 404 });
  const script = catalogueScript(locale);
  const current = script.path === `/catalogue/${file}`;
  return new Response(script.source, {
    headers: {
      "Content-Type": "text/javascript; charset=utf-8",
      "Cache-Control": current ? "public, max-age=31536000, immutable" : "no-cache",
    },
  });
}
